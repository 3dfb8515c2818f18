//! The recommendation rule, the sparkline and the per-skill counts.
use super::*;
use crate::record::RunRecord;

fn scenario(id: &str, skill: Skill, difficulty: u8) -> Summary {
    Summary {
        id: id.to_owned(),
        title: format!("title of {id}"),
        skill,
        difficulty,
    }
}

/// Runs from `(scenario id, score)`; a score of 80 or more passes.
fn runs(list: &[(&str, u8)]) -> Vec<StoredRun> {
    (1..)
        .zip(list)
        .map(|(id, &(scenario, score))| StoredRun {
            id,
            run: RunRecord {
                trainee: "t".to_owned(),
                scenario_id: scenario.to_owned(),
                scenario_hash: String::new(),
                seed: 0,
                started_at: String::new(),
                finished_at: String::new(),
                score,
                passed: score >= 80,
                walked_out: false,
                meeting_id: None,
                steps: Vec::new(),
            },
        })
        .collect()
}

fn library() -> Vec<Summary> {
    use Skill::*;
    vec![
        scenario("spin-1", Spin, 1),
        scenario("phone-1", Phone, 1),
        scenario("phone-2", Phone, 2),
        scenario("spin-2", Spin, 2),
        scenario("fab-2", Fab, 2),
        scenario("phone-3", Phone, 3),
        scenario("spin-3", Spin, 3),
        scenario("spin-5", Spin, 5),
    ]
}

/// The recommendation as `(id, target, best, weakest_skill)`.
type Pick<'a> = Option<(&'a str, u8, Option<u8>, bool)>;

#[track_caller]
fn case(library: &[Summary], history: &[(&str, u8)], expected: Pick<'_>) {
    let got = recommend(library, &runs(history), Lang::En);
    let got = got.as_ref().map(|r| {
        let id = r.scenario_id.as_str();
        (id, r.target, r.best, r.weakest_skill)
    });
    assert_eq!(got, expected, "history {history:?}");
}

#[test]
fn recommendation_rule() {
    let lib = library();
    // Nothing passed: level 1, untried, by skill order then id.
    case(&lib, &[], Some(("spin-1", 1, None, false)));
    // Never tried comes before tried, whatever the best score.
    case(&lib, &[("spin-1", 10)], Some(("phone-1", 1, None, false)));
    // All tried: the weakest skill, then the lowest best score.
    let all_tried = [("spin-1", 50), ("phone-1", 20), ("phone-1", 40)];
    case(&lib, &all_tried, Some(("phone-1", 1, Some(40), true)));
    // One level above what is passed; the weakest skill first among untried.
    let passed_1 = [("spin-1", 90), ("phone-1", 80)];
    case(&lib, &passed_1, Some(("phone-2", 2, None, true)));
    // The weakest skill ranks below "never tried"; then skill order decides.
    let weak_tried = [("spin-1", 90), ("phone-1", 80), ("phone-2", 30)];
    case(&lib, &weak_tried, Some(("spin-2", 2, None, false)));
    // Level 3 passed, nothing at 4: the nearest below.
    case(&lib, &[("spin-3", 100)], Some(("phone-3", 4, None, false)));
    // Level 5 is the ceiling, even when passed.
    case(&lib, &[("spin-5", 95)], Some(("spin-5", 5, Some(95), true)));
    // Nothing at or below the target: the nearest above.
    let hard = [
        scenario("fab-5", Skill::Fab, 5),
        scenario("fab-4", Skill::Fab, 4),
    ];
    case(&hard, &[], Some(("fab-4", 1, None, false)));
    // Runs of retired scenarios neither raise the level nor count as tried.
    case(&hard, &[("gone", 100)], Some(("fab-4", 1, None, false)));
    case(&[], &[("gone", 100)], None);
}

#[test]
fn the_reason_says_why_in_both_languages() {
    #[track_caller]
    fn case(history: &[(&str, u8)], lang: Lang, expected: &str) {
        let lib = library();
        let got = recommend(&lib, &runs(history), lang).map(|r| r.reason);
        assert_eq!(got.as_deref(), Some(expected), "history {history:?}");
    }
    let en = Lang::En;
    case(
        &[],
        en,
        "You have not passed any scenario yet; this is a level 1 scenario you have not practised yet.",
    );
    case(
        &[("spin-5", 95)],
        en,
        "You have passed level 5 scenarios; this is the level 5 scenario with your lowest best score (95), in your weakest skill, SPIN.",
    );
    case(
        &[("spin-3", 100)],
        en,
        "You have passed level 3 scenarios; there is no level 4 scenario, so this is a level 3 scenario you have not practised yet.",
    );
    let passed_1 = [("spin-1", 90), ("phone-1", 80)];
    case(
        &passed_1,
        Lang::Zh,
        "你已通过 1 级场景;这是 2 级中尚未练习的场景,且属于你最弱的技能“电话沟通”。",
    );
    case(
        &[("spin-3", 100)],
        Lang::Zh,
        "你已通过 3 级场景;没有 4 级场景,这是 3 级中尚未练习的场景。",
    );
    case(
        &[("spin-1", 30)],
        Lang::Zh,
        "你还没有通过任何场景;这是 1 级中尚未练习的场景。",
    );
}

#[test]
fn sparkline_maps_0_to_100_onto_eight_bars() {
    #[track_caller]
    fn case(scores: &[u8], expected: &str) {
        assert_eq!(sparkline(scores), expected, "{scores:?}");
    }
    case(&[], "");
    case(&[0, 12, 13, 25, 38, 50, 63, 75, 88, 100], "▁▁▂▃▄▅▆▇██");
    case(&[24, 37, 49, 62, 74, 87, 99], "▂▃▄▅▆▇█");
    case(&[255], "█");
}

#[test]
fn progress_counts_skills_trends_and_retired_runs() {
    let lib = library();
    let mut history: Vec<(&str, u8)> = vec![("gone", 70), ("phone-1", 0)];
    history.extend([("phone-2", 100); 11]);
    history.push(("spin-1", 50));
    let p = progress("t", &lib, &runs(&history), Lang::En);
    assert_eq!((p.attempts, p.level, p.weakest), (14, 2, Some(Skill::Spin)));
    let gone = Retired {
        scenario_id: "gone".into(),
        attempts: 1,
    };
    assert_eq!(p.retired, [gone]);
    let phone = &p.skills[skill_rank(Skill::Phone)];
    assert_eq!(
        (phone.available, phone.tried, phone.attempts, phone.passes),
        (3, 2, 12, 11)
    );
    assert_eq!(
        (phone.pass_rate, phone.best, phone.latest, phone.mean_best),
        (Some(92), Some(100), Some(100), Some(50.0))
    );
    assert_eq!(
        (phone.recent.len(), phone.trend.as_str()),
        (10, "██████████")
    );
    let fab = &p.skills[skill_rank(Skill::Fab)];
    assert_eq!(
        (fab.available, fab.tried, fab.pass_rate, fab.trend.as_str()),
        (1, 0, None, "")
    );
}

#[test]
fn list_filters_and_sorts_by_skill_difficulty_and_id() {
    let refs = library();
    let stats = [ScenarioStats {
        scenario_id: "phone-2".into(),
        attempts: 3,
        best: 70,
        latest: 60,
        passes: 0,
        scores: vec![50, 70, 60],
    }];
    let ids = |rows: Vec<ListRow>| {
        rows.into_iter()
            .map(|r| (r.id, r.best, r.attempts))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(list(&refs, &stats, Some(Skill::Phone))),
        [
            ("phone-1".into(), None, 0),
            ("phone-2".into(), Some(70), 3),
            ("phone-3".into(), None, 0)
        ]
    );
    let all: Vec<String> = list(&refs, &[], None).into_iter().map(|r| r.id).collect();
    assert_eq!(
        all,
        [
            "spin-1", "spin-2", "spin-3", "spin-5", "fab-2", "phone-1", "phone-2", "phone-3"
        ]
    );
}
