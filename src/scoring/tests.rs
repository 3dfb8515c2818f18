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

/// A matcher over shared lists (prepared once per thread) and single phrases finds
/// what one over the same phrases one by one finds, under the same ids, with the
/// same keys and negative forms: for every concept of the shipped lexicon (gapped
/// phrases, Traditional forms and negative forms among them), a list given twice,
/// a phrase both in a list and on its own, with and without an automaton.
#[test]
fn lists_match_as_their_phrases_one_by_one() {
    let concepts: Vec<&Arc<[String]>> = (crate::scenario::lexicon::Lexicon::shipped()
        .concepts
        .values())
    .flat_map(|c| [&c.phrases, &c.except])
    .filter(|l| !l.is_empty())
    .collect();
    assert!(concepts.len() > 30);
    let gapped = concepts
        .iter()
        .flat_map(|l| l.iter())
        .filter(|p| p.contains('…'));
    assert!(gapped.count() > 10);
    for pair in concepts.chunks(2) {
        let mut sources = vec![Source::Phrase("您好")];
        for &list in pair {
            sources.push(Source::List(list));
            sources.push(Source::Phrase(&list[0]));
        }
        sources.push(Source::List(pair[0]));
        let flat: Vec<&str> = (sources.iter())
            .flat_map(|s| match s {
                Source::Phrase(p) => vec![*p],
                Source::List(l) => l.iter().map(String::as_str).collect(),
            })
            .collect();
        // Each phrase said, a few words between some, and a negated one.
        let text: String = (flat.iter().enumerate())
            .map(|(i, p)| match i % 3 {
                0 => format!("{p}，"),
                1 => format!("不{p}我们"),
                _ => p.replace('…', "您的"),
            })
            .collect();
        for (one_by_one, listed) in [
            (
                Matcher::new(flat.iter().copied()),
                Matcher::from_sources(&sources),
            ),
            (
                Matcher::quick(flat.iter().copied()),
                Matcher::quick_from_sources(&sources),
            ),
        ] {
            assert_eq!(listed.len(), flat.len());
            assert_eq!(listed.key_count(), one_by_one.key_count());
            for id in 0..flat.len() as u32 {
                assert_eq!(
                    listed.key_id(id),
                    one_by_one.key_id(id),
                    "{}",
                    flat[id as usize]
                );
                assert_eq!(listed.negative_form(id), one_by_one.negative_form(id));
            }
            let found = listed.find(&text);
            // Most phrases are found (some are lost to the words around them).
            let ids: std::collections::HashSet<u32> = found.iter().map(|o| o.phrase).collect();
            assert!(
                ids.len() * 2 >= flat.len(),
                "{} of {}",
                ids.len(),
                flat.len()
            );
            assert_eq!(found, one_by_one.find(&text));
        }
    }
}

/// `scenario` with every phrase and `except` list its own copy, as if written out in
/// the file: numbered one id per distinct phrase, not as lexicon lists.
fn written_out(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    let own = |b: &mut Banned| {
        b.phrase = Phrase::from(b.phrase.as_str());
        b.except = PhraseList::from(b.except.to_vec());
    };
    s.banned.iter_mut().for_each(own);
    for step in &mut s.steps {
        step.banned.iter_mut().for_each(own);
        for r in &mut step.required {
            r.any = r.any.iter().map(|p| Phrase::from(p.as_str())).collect();
        }
    }
    s
}

/// A scenario whose concepts are numbered as lexicon lists (a phrase in a list and in
/// the file, or in two lists, under two ids) gives every verdict the same scenario
/// written out phrase by phrase gives, with and without an automaton: on every step of
/// the shipped library, for its
/// examples, model answers, its required alternatives run together and its banned
/// phrases each with an exception.
#[test]
fn lexicon_lists_give_the_verdicts_of_phrases_written_out() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let files = crate::scenario::load::yaml_files(&dir).unwrap_or_default();
    let mut compared = 0;
    let mut listed = 0;
    for (n, f) in files.iter().enumerate() {
        let (s, _) = crate::scenario::load::load_file(f, crate::i18n::Lang::En)
            .unwrap_or_else(|e| panic!("{}", crate::i18n::render_error(&e, crate::i18n::Lang::En)));
        let out = written_out(&s);
        listed += (s.steps.iter().flat_map(|st| &st.banned))
            .filter(|b| b.phrase.list().is_some() && b.except.list().is_some())
            .count();
        let models: Vec<String> = s
            .steps
            .iter()
            .filter_map(|st| st.model_answer.clone())
            .collect();
        // The automaton (slow to build in a test build) on every fourth scenario.
        let regular = (n % 4 == 0).then(|| (false, Compiled::new(&s), Compiled::new(&out)));
        let quick = (
            true,
            Compiled::for_checking(&s),
            Compiled::for_checking(&out),
        );
        for (quick, lists, phrases) in regular.into_iter().chain([quick]) {
            for (i, step) in s.steps.iter().enumerate() {
                let mut answers = models.clone();
                answers.extend(step.examples.pass.iter().map(|e| e.text.clone()));
                answers.extend(step.examples.fail.iter().map(|e| e.text.clone()));
                answers.push(step.required.iter().map(|r| r.any.join("，")).collect());
                // The scenario's banned items (hundreds) are said on the first step.
                let scenario_banned = if i == 0 { &s.banned[..] } else { &[] };
                for chunk in scenario_banned.chunks(6).chain(step.banned.chunks(6)) {
                    let said = |b: &Banned| {
                        format!("{}，{}", b.phrase, b.except.first().map_or("", |e| e))
                    };
                    answers.push(chunk.iter().map(said).collect::<Vec<_>>().join("。"));
                }
                for a in &answers {
                    let v = phrases.score(i, a);
                    assert_eq!(lists.score(i, a), v, "{} {quick}: {a}", s.id);
                    assert_eq!(lists.passes(i, a), v.passed, "{}: {a}", s.id);
                    compared += 1;
                }
                // The same phrases have equal keys (numbered in another order).
                let keys = |c: &Compiled<'_>| {
                    let all = (c.banned_keys(None).chain(c.banned_keys(Some(i))))
                        .chain((0..step.required.len()).flat_map(|j| c.required_keys(i, j)));
                    let mut seen: Vec<u32> = Vec::new();
                    let first_seen: Vec<usize> = all
                        .map(|k| match seen.iter().position(|&s| s == k) {
                            Some(at) => at,
                            None => {
                                seen.push(k);
                                seen.len() - 1
                            }
                        })
                        .collect();
                    (first_seen, c.key_count())
                };
                assert_eq!(keys(&lists), keys(&phrases), "{}", s.id);
            }
        }
    }
    assert!(listed > 100, "{listed}");
    assert!(compared > 2_000, "{compared}");
}
