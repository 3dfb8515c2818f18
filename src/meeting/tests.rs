//! What a meeting means once played: ranks, the best answers, the manager's word,
//! the most-missed items, ids and the pairing of trainees with answers files.

use super::*;

const YAML: &str = "id: m\ntitle: t\nskill: fab\nbanned: [保证]\nsteps:\n  - {id: a, customer: x, required: [您好, 李先生]}\n  - {id: b, customer: y, required: [谢谢]}\n";

fn meeting(scenario: &Scenario, runs: &[(&str, &[&str])]) -> Vec<Entry> {
    fixture::entries(scenario, 1, runs)
}

fn scenario() -> Scenario {
    crate::scenario::fixture::scenario(YAML)
}

#[test]
fn the_leaderboard_orders_by_score_then_banned_hits_then_name() {
    let s = scenario();
    let entries = meeting(
        &s,
        &[
            ("王五", &["您好", "谢谢"]),           // 50, 100 → 75
            ("张三", &["您好李先生", "谢谢"]),     // 100
            ("李四", &["您好李先生保证", "谢谢"]), // 0 (banned), 100 → 50
            ("赵六", &["您好", "谢谢"]),           // 75, level with 王五
            ("钱七", &["您好", "谢谢保证"]),       // 50, 0 → 25
        ],
    );
    let m = Meeting {
        id: "x".into(),
        scenario: &s,
        entries,
        info: Default::default(),
    };
    let board: Vec<(usize, &str)> = m
        .leaderboard()
        .iter()
        .map(|st| (st.rank, m.entries[st.entry].trainee()))
        .collect();
    assert_eq!(
        board,
        [
            (1, "张三"),
            (2, "王五"),
            (2, "赵六"),
            (4, "李四"),
            (5, "钱七")
        ]
    );
    assert!(!m.passed());
}

#[test]
fn fewer_banned_hits_rank_higher_at_the_same_score() {
    let s = scenario();
    let entries = meeting(
        &s,
        // By name alone 乙 (U+4E59) would come first.
        &[("乙", &["保证", "保证"]), ("甲", &["好", "好"])],
    );
    let m = Meeting {
        id: "x".into(),
        scenario: &s,
        entries,
        info: Default::default(),
    };
    let first = m.leaderboard()[0].entry;
    assert_eq!(m.entries[first].trainee(), "甲");
}

#[test]
fn steps_group_answers_and_mark_the_best_ranked_highest() {
    let s = scenario();
    let entries = meeting(
        &s,
        &[
            ("甲", &["您好", "谢谢"]),
            ("乙", &["您好李先生", "谢谢"]),
            ("丙", &["您好李先生", "不"]),
        ],
    );
    let m = Meeting {
        id: "x".into(),
        scenario: &s,
        entries,
        info: Default::default(),
    };
    let steps = m.steps();
    assert_eq!(steps.len(), 2);
    assert_eq!(steps[0].answers.len(), 3);
    // Leaderboard: 乙 100, 甲 75, 丙 50.
    assert_eq!(steps[0].best, Some(1));
    assert_eq!(steps[1].best, Some(1));
    let none = meeting(&s, &[("甲", &["不", "不"])]);
    let m = Meeting { entries: none, ..m };
    assert_eq!(m.steps()[0].best, None);
}

#[test]
fn the_managers_word_changes_scores_ranks_and_the_best_answer() {
    let s = scenario();
    let mut entries = meeting(
        &s,
        &[("甲", &["您好李先生", "谢谢"]), ("乙", &["您好", "谢谢"])],
    );
    // 乙's opening (50) is raised to 100 and picked; 甲's best is left as it was.
    let review = &mut entries[1].run.steps[0].review;
    review.score = Some(100);
    review.comment = Some("自然".into());
    review.picked = true;
    let m = Meeting {
        id: "x".into(),
        scenario: &s,
        entries,
        info: Default::default(),
    };
    assert_eq!((m.entries[1].score(), m.entries[1].run.score), (100, 75));
    assert!(m.entries[1].adjusted() && !m.entries[0].adjusted());
    let board: Vec<usize> = m.leaderboard().iter().map(|st| st.rank).collect();
    assert_eq!(board, [1, 1], "level after the override");
    let steps = m.steps();
    assert_eq!((steps[0].best, steps[0].picked), (Some(1), true));
    // Level at 100 on the second step: the name decides (乙 U+4E59 before 甲).
    assert_eq!((steps[1].best, steps[1].picked), (Some(1), false));
}

#[test]
fn the_most_missed_items_come_first() {
    let s = scenario();
    let entries = meeting(
        &s,
        &[
            ("甲", &["您好", "好"]),
            ("乙", &["您好保证", "好"]),
            ("丙", &["李先生", "谢谢"]),
        ],
    );
    let m = Meeting {
        id: "x".into(),
        scenario: &s,
        entries,
        info: Default::default(),
    };
    let missed: Vec<(String, bool, usize)> = m
        .most_missed(10)
        .into_iter()
        .map(|x| (x.what.text().to_owned(), x.what.is_banned(), x.count))
        .collect();
    assert_eq!(
        missed,
        [
            ("李先生".into(), false, 2),
            ("谢谢".into(), false, 2),
            ("您好".into(), false, 1),
            ("保证".into(), true, 1)
        ]
    );
    assert_eq!(m.most_missed(1).len(), 1);
}

#[test]
fn ids_count_up_within_a_day() {
    let first: Vec<String> = ids("2026-11-23").take(3).collect();
    assert_eq!(first, ["2026-11-23-1", "2026-11-23-2", "2026-11-23-3"]);
}

#[track_caller]
fn case(specs: &[&str], expected: Result<Vec<&str>, SpecProblem>) {
    let trainees = vec!["张三".to_owned(), "李四".to_owned()];
    let specs: Vec<String> = specs.iter().map(|s| (*s).to_owned()).collect();
    let expected = expected.map(|v| v.into_iter().map(PathBuf::from).collect::<Vec<_>>());
    assert_eq!(answer_files(&trainees, &specs), expected, "{specs:?}");
}

#[test]
fn answers_specs_pair_every_trainee_with_one_file() {
    use SpecProblem::*;
    case(
        &["李四=b.yaml", "张三=a.yaml"],
        Ok(vec!["a.yaml", "b.yaml"]),
    );
    case(&["张三=a=b.yaml", "李四=b"], Ok(vec!["a=b.yaml", "b"]));
    case(&["张三a.yaml"], Err(Malformed("张三a.yaml".into())));
    case(&["=a.yaml"], Err(Malformed("=a.yaml".into())));
    case(&["张三="], Err(Malformed("张三=".into())));
    case(&["王五=a.yaml"], Err(UnknownTrainee("王五".into())));
    case(&["张三=a", "张三=b"], Err(DuplicateAnswers("张三".into())));
    case(&["张三=a"], Err(MissingAnswers("李四".into())));
}

#[test]
fn answers_alone_name_the_trainees_in_their_order() {
    let specs = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        names_in_answers(&specs(&["李四=b.yaml", " 张三 =a.yaml"])),
        Ok(vec!["李四".to_owned(), "张三".to_owned()])
    );
    assert_eq!(
        names_in_answers(&specs(&["张三=a", "张三=b"])),
        Err(SpecProblem::DuplicateAnswers("张三".into()))
    );
    assert_eq!(
        names_in_answers(&specs(&["张三"])),
        Err(SpecProblem::Malformed("张三".into()))
    );
}

#[test]
fn trainee_names_are_trimmed_present_and_distinct() {
    let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        trainees(&names(&[" 张三 ", "李四"])),
        Ok(names(&["张三", "李四"]))
    );
    assert_eq!(
        trainees(&names(&["张三", " "])),
        Err(SpecProblem::EmptyName)
    );
    assert_eq!(
        trainees(&names(&["张三", "张三 "])),
        Err(SpecProblem::DuplicateTrainee("张三".into()))
    );
}
