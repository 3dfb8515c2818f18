//! Verdicts on single answers, scored through a scenario loaded from YAML.

use super::*;

#[test]
fn percent_rounds_half_away_from_zero() {
    #[track_caller]
    fn case(met: usize, checks: usize, expected: u8) {
        assert_eq!(percent(met, checks), expected, "{met}/{checks}");
    }
    case(0, 0, 100);
    case(0, 3, 0);
    case(1, 3, 33);
    case(2, 3, 67);
    case(1, 8, 13); // 12.5 → 13
    case(3, 8, 38); // 37.5 → 38
    case(5, 8, 63); // 62.5 → 63
    case(1, 2, 50);
    case(4, 4, 100);
}

#[test]
fn mean_rounds_half_away_from_zero() {
    #[track_caller]
    fn case(scores: &[u8], expected: u8) {
        assert_eq!(mean(scores), expected, "{scores:?}");
    }
    case(&[100, 0], 50);
    case(&[100, 33, 67], 67);
    case(&[0, 25], 13); // 12.5
    case(&[50, 75], 63); // 62.5
    case(&[100], 100);
    case(&[], 0);
}

#[test]
fn a_concept_hit_inside_another_is_listed_once() {
    let yaml = "id: s\ntitle: t\nskill: compliance\nbanned:\n  - concept: no-risk-claim\n  - concept: undo-disclosure\n  - 基本\nsteps:\n  - id: a\n    customer: x\n";
    let scenario = crate::scenario::fixture::scenario(yaml);
    let v = Compiled::new(&scenario).score(0, "这款基本没风险,跟存款差不多");
    // 没风险 (inside 基本没风险) and 存款…差不多 (inside 跟存款差不多) are not
    // listed again; a phrase written out (基本) is listed as it always was.
    assert_eq!(v.banned_phrases(), ["跟存款差不多", "基本没风险", "基本"]);
    assert_eq!(v.score, 0);
}

#[test]
fn question_test() {
    #[track_caller]
    fn case(answer: &str, expected: bool) {
        let n = crate::text::normalize::normalize(answer);
        assert_eq!(is_question(answer, &n), expected, "{answer}");
    }
    case("您需要办理什么业务", true);
    case("请问您贵姓?", true);
    case("请问您贵姓？", true);
    case("您方便吗", true);
    case("您看哪天合适", true);
    case("您有没有兴趣", true);
    case("是否需要帮忙", true);
    case("您這邊方便嗎", true); // Traditional 嗎 reaches 吗 once normalised
    case("我帮您办好了。", false);
    // 呢 ends a statement before 。 or ！, and asks before anything else.
    case("一年下来也要不少钱呢。", false);
    case("这可是好东西呢！", false);
    case("这可是好东西呢 !", false);
    case("您觉得呢", true);
    case("您觉得呢?", true);
    case("那您呢,平时怎么理财", true);
    case("还挺划算的呢。您觉得呢", true);
    case("请稍候", false);
}

/// [`Compiled::passes`] says what the verdict's `passed` says where the score rounds
/// to 100 with a check unmet (one of 201), and on a banned hit inside another.
#[test]
fn passes_agrees_with_the_verdict_at_the_edges() {
    let required: String = (0..201).map(|i| format!("      - 词{i}号\n")).collect();
    let yaml = format!(
        "id: s\ntitle: t\nskill: compliance\nbanned:\n  - concept: no-risk-claim\n  - concept: undo-disclosure\nsteps:\n  - id: a\n    customer: x\n    required:\n{required}"
    );
    let scenario = crate::scenario::fixture::scenario(&yaml);
    let compiled = Compiled::new(&scenario);
    let all: String = (0..201).map(|i| format!("词{i}号,")).collect();
    let but_one: String = (1..201).map(|i| format!("词{i}号,")).collect();
    let banned = format!("{all}这款基本没风险,跟存款差不多");
    for (answer, passed) in [(&all, true), (&but_one, true), (&banned, false)] {
        let v = compiled.score(0, answer);
        assert_eq!(v.passed, passed, "{answer}");
        assert_eq!(compiled.passes(0, answer), passed, "{answer}");
    }
    assert_eq!(compiled.score(0, &but_one).score, 100);
    assert!(!compiled.score(0, &but_one).required[0].met);
}
