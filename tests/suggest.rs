//! "Did you mean": an unknown scenario id, step id, skill or concept is refused with
//! its exit code as before, followed by up to three known ones near it, nearest
//! first, each with the name a person reads for it, in Chinese and in English.

mod common;

use common::{GOOD, PHONE, Run, Sandbox};

/// The lines after "did you mean:" (or its Chinese), as they are printed.
fn suggested(run: &Run) -> Vec<String> {
    let err = run.stderr();
    let Some((_, rest)) = err
        .split_once("did you mean:\n")
        .or_else(|| err.split_once("是不是要找:\n"))
    else {
        return Vec::new();
    };
    rest.lines()
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_owned())
        .collect()
}

fn run_id(sb: &Sandbox, lang: &str, id: &str) -> Run {
    sb.run(&[
        "--lang",
        lang,
        "run",
        id,
        "--answers",
        "a.yaml",
        "--no-record",
    ])
}

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.write("a.yaml", GOOD);
    sb
}

#[test]
fn a_mistyped_scenario_id_suggests_the_id_with_its_title() {
    let sb = sandbox();
    let run = run_id(&sb, "en", "spin-payrol-saving");
    run.expect(2).stderr_starts_with(
        "no scenario with id `spin-payrol-saving` in ./scenarios or the built-in library\ndid you mean:\n",
    );
    assert_eq!(
        suggested(&run),
        ["spin-payroll-saving  SPIN 提问：月光族小刘与基金定投"]
    );
    // Off a terminal without --answers, the mistyped id is still what is told.
    let run = sb.run(&["--lang", "en", "run", "spin-payrol-saving"]);
    run.expect(2)
        .stderr_starts_with("no scenario with id `spin-payrol-saving`");
    assert_eq!(
        suggested(&run),
        ["spin-payroll-saving  SPIN 提问：月光族小刘与基金定投"]
    );
    let run = run_id(&sb, "zh", "Phone-Inbound-Greeting");
    run.expect(2).stderr_starts_with(
        "找不到 id 为 `Phone-Inbound-Greeting` 的场景(已查找 ./scenarios 和内置场景库)\n是不是要找:\n",
    );
    assert_eq!(
        suggested(&run),
        ["phone-inbound-greeting  接听客户来电:规范问好与礼貌结束"]
    );
}

#[test]
fn words_of_a_title_typed_in_chinese_find_the_scenarios() {
    let sb = sandbox();
    let run = run_id(&sb, "zh", "投诉");
    run.expect(2);
    let ids: Vec<String> = suggested(&run)
        .iter()
        .map(|l| l.split("  ").next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        ids,
        [
            "complaint-callback-unsatisfied",
            "complaint-fee-three-days",
            "complaint-media-enquiry"
        ],
        "the three scenarios whose titles say 投诉"
    );
    // Traditional characters find the same.
    let run = run_id(&sb, "en", "排隊");
    run.expect(2);
    assert_eq!(
        suggested(&run),
        ["complaint-long-wait  大厅里客户抱怨排队太久"]
    );
    // A path is still a path.
    run_id(&sb, "en", "nope.yaml")
        .expect(2)
        .stderr_has("nope.yaml: No such file or directory");
}

#[test]
fn ids_sharing_words_are_suggested_most_alike_first() {
    let sb = sandbox();
    let run = run_id(&sb, "en", "complaint-fee");
    run.expect(2);
    assert_eq!(
        suggested(&run),
        ["complaint-fee-three-days  客户投诉被扣管理费:受理、上报,三个工作日内回复"]
    );
    // An id made up from a skill and a product: up to three of that kind.
    let run = run_id(&sb, "en", "spin-discovery-deposit");
    run.expect(2);
    let near = suggested(&run);
    assert_eq!(near.len(), 3, "{near:?}");
    assert!(near[0].starts_with("spin-"), "{near:?}");
}

#[test]
fn a_scenario_in_the_local_folder_is_suggested_too() {
    let sb = sandbox();
    sb.write("scenarios/p.yaml", PHONE);
    let run = sb.run(&[
        "meeting",
        "phone-outbound-invit",
        "--answers",
        "张三=a.yaml",
    ]);
    run.expect(2);
    assert_eq!(
        suggested(&run),
        ["phone-outbound-invite  电话邀约客户到网点面谈"]
    );
}

#[test]
fn nothing_near_means_no_suggestion() {
    let sb = sandbox();
    let run = run_id(&sb, "en", "zzzz");
    run.expect(2);
    assert_eq!(
        run.stderr(),
        "no scenario with id `zzzz` in ./scenarios or the built-in library\n"
    );
}

#[test]
fn a_skill_is_found_by_a_typo_or_its_chinese_name() {
    let sb = sandbox();
    let run = sb.run(&["--lang", "zh", "list", "--skill", "投诉处理"]);
    run.expect(2).stderr_starts_with("未知技能 `投诉处理`");
    assert_eq!(suggested(&run), ["complaint  投诉处理"]);
    let run = sb.run(&["--lang", "en", "list", "--skill", "phnoe"]);
    run.expect(2);
    assert_eq!(suggested(&run), ["phone"]);
    // The hub's report refuses it before connecting to anything.
    let run = sb.run(&["--lang", "zh", "hub", "report", "--skill", "電話"]);
    run.expect(2);
    assert_eq!(suggested(&run), ["phone  电话沟通"]);
    let run = sb.run(&["new", "x-1", "--skill", "complience"]);
    run.expect(2);
    assert_eq!(suggested(&run), ["compliance"]);
}

#[test]
fn a_step_is_found_by_a_typo_or_its_title() {
    let sb = sandbox();
    sb.write(
        "s.yaml",
        PHONE
            .replace(
                "  - id: opening\n",
                "  - id: opening\n    title: 开场问候\n",
            )
            .replace("  - id: invite\n", "  - id: invite\n    title: 邀请面谈\n"),
    );
    let run = sb.run(&["--lang", "en", "score", "s.yaml", "opning", "您好"]);
    run.expect(2).stderr_starts_with(
        "no step `opning` (steps of phone-outbound-invite: opening, need, invite)\ndid you mean:\n",
    );
    assert_eq!(suggested(&run), ["opening  开场问候"]);
    let run = sb.run(&["--lang", "zh", "score", "s.yaml", "面谈", "您好"]);
    run.expect(2).stderr_starts_with("没有步骤 `面谈`");
    assert_eq!(suggested(&run), ["invite  邀请面谈"]);
}

#[test]
fn a_concept_is_found_by_a_typo() {
    let run = sandbox().run(&["--lang", "zh", "concepts", "apologie"]);
    run.expect(2);
    assert_eq!(suggested(&run), ["apology  致歉"]);
}

#[test]
fn history_of_an_unknown_id_says_which_were_meant_and_still_succeeds() {
    let sb = sandbox();
    let run = sb.run(&[
        "--lang",
        "zh",
        "--trainee",
        "张三",
        "history",
        "--scenario",
        "complaint-long-wiat",
    ]);
    run.expect(0)
        .stdout_has("张三 还没有场景 complaint-long-wiat 的练习记录。\n是不是要找:\n  complaint-long-wait  大厅里客户抱怨排队太久\n");
    // A known id with no runs yet: nothing to suggest.
    let run = sb.run(&[
        "--trainee",
        "张三",
        "history",
        "--scenario",
        "complaint-long-wait",
    ]);
    run.expect(0);
    assert!(!run.stdout().contains("did you mean"), "{}", run.stdout());
}

#[test]
fn a_mistyped_meeting_id_suggests_the_recorded_meeting() {
    let sb = sandbox();
    sb.write("s.yaml", PHONE);
    let run = sb.run(&["meeting", "s.yaml", "--answers", "张三=a.yaml", "--json"]);
    run.expect(0);
    let id = run.json()["id"].as_str().expect("id").to_owned();
    // Today's second meeting, which was never held.
    let typo = format!("{}2", id.trim_end_matches(char::is_numeric));
    let run = sb.run(&["--lang", "zh", "report", "--meeting", &typo]);
    run.expect(2).stderr_starts_with(&format!(
        "学习记录中没有编号为 {typo} 的会议\n是不是要找:\n"
    ));
    assert_eq!(suggested(&run), std::slice::from_ref(&id));
    let run = sb.run(&["harvest", "s.yaml", "--meeting", &typo]);
    run.expect(2);
    assert_eq!(suggested(&run), [id]);
    // Without a record, nothing to suggest.
    let run = Sandbox::new().run(&["report", "--meeting", &typo]);
    run.expect(2);
    assert_eq!(suggested(&run), Vec::<String>::new());
}

#[test]
fn a_trainee_report_for_a_mistyped_name_suggests_the_recorded_trainees() {
    let sb = sandbox();
    sb.write("s.yaml", PHONE);
    let run = sb.run(&["meeting", "s.yaml", "--answers", "张三丰=a.yaml", "--json"]);
    run.expect(0);
    let run = sb.run(&["--lang", "zh", "--trainee", "张三峰", "report"]);
    run.expect(2)
        .stderr_starts_with("学习记录中没有 张三峰 的练习记录\n是不是要找:\n");
    assert_eq!(suggested(&run), ["张三丰"]);
    let run = sb.run(&[
        "--lang",
        "en",
        "--trainee",
        "张三峰",
        "report",
        "--out",
        "r.md",
    ]);
    run.expect(2)
        .stderr_starts_with("no runs of 张三峰 in the progress database\ndid you mean:\n");
    assert!(!sb.path().join("r.md").exists(), "no report for a typo");
    // The recorded name itself gets its report; a name near no one gets the
    // (empty) report of a new trainee.
    sb.run(&["--trainee", "张三丰", "report"]).expect(0);
    sb.run(&["--trainee", "李四", "report"]).expect(0);
}
