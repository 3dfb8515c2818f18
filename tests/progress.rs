//! `list`, `progress` and `history` against the real binary: runs are recorded with
//! `run --answers` into the sandbox database, then read back as JSON and as the
//! screens a trainee sees (snapshots in both languages), plus the failure paths.

mod common;

use common::Sandbox;
use serde_json::{Value, json};

/// A two-step scenario: "您好" then "再见" scores 100, one of them 50, neither 0.
fn scenario(id: &str, title: &str, skill: &str, difficulty: u8, pass_score: u8) -> String {
    format!(
        "id: {id}\ntitle: {title}\nskill: {skill}\ndifficulty: {difficulty}\npass_score: {pass_score}\n\
         steps:\n  - id: hello\n    customer: 你好。\n    required: [您好]\n\
         \x20 - id: bye\n    customer: 那我先走了。\n    required: [再见]\n"
    )
}

const BOTH: &str = "- 您好\n- 再见\n";
const HALF: &str = "- 您好\n- 嗯\n";
const NONE: &str = "- 嗯\n- 嗯\n";

/// Local scenarios (listed before the built-in library) and answers files.
fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.write(
        "scenarios/spin-basic.yaml",
        scenario("my-spin-basic", "SPIN 入门", "spin", 1, 80),
    );
    sb.write(
        "scenarios/phone-basic.yaml",
        scenario("my-phone-basic", "电话基础", "phone", 2, 50),
    );
    sb.write(
        "scenarios/phone-next.yaml",
        scenario("my-phone-next", "电话进阶", "phone", 3, 80),
    );
    // Outside ./scenarios: once run, it stands for a scenario no longer available.
    sb.write("old.yaml", scenario("my-old-one", "旧场景", "fab", 1, 80));
    sb.write("both.yaml", BOTH);
    sb.write("half.yaml", HALF);
    sb.write("none.yaml", NONE);
    sb
}

#[track_caller]
fn record(sb: &Sandbox, extra: &[&str], scenario: &str, answers: &str, score: u64) {
    let mut args = extra.to_vec();
    args.extend([
        "run",
        scenario,
        "--answers",
        answers,
        "--seed",
        "1",
        "--json",
    ]);
    let run = sb.run(&args);
    assert!(run.code() == 0 || run.code() == 1, "{}", run.stderr());
    assert_eq!(run.json()["score"], score, "{}", run.stdout());
}

/// spin: 0 then 100 (passed); phone: 0 then 50 (passed at pass_score 50); one retired
/// run; and one run by someone else.
fn trained() -> Sandbox {
    let sb = sandbox();
    record(&sb, &[], "my-spin-basic", "none.yaml", 0);
    record(&sb, &[], "my-spin-basic", "both.yaml", 100);
    record(&sb, &[], "my-phone-basic", "none.yaml", 0);
    record(&sb, &[], "my-phone-basic", "half.yaml", 50);
    record(&sb, &[], "old.yaml", "both.yaml", 100);
    record(
        &sb,
        &["--trainee", "王五"],
        "my-phone-next",
        "both.yaml",
        100,
    );
    sb
}

fn find<'a>(list: &'a Value, key: &str, value: &str) -> &'a Value {
    list.as_array()
        .and_then(|l| l.iter().find(|v| v[key] == value))
        .unwrap_or_else(|| panic!("no {key} = {value} in {list}"))
}

#[test]
fn list_json_shows_best_and_attempts_of_this_trainee() {
    let sb = trained();
    let run = sb.run(&["list", "--skill", "phone", "--json"]);
    run.expect(0);
    let rows = run.json();
    let ids: Vec<&str> = rows
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["id"].as_str())
        .collect();
    // phone only, by difficulty then id: ./scenarios and built-in ones mixed.
    assert_eq!(ids.first(), Some(&"phone-inbound-greeting"));
    assert!(
        ids.iter()
            .all(|id| id.starts_with("phone-") || id.starts_with("my-phone-")),
        "{ids:?}"
    );
    let mut difficulties: Vec<u64> = rows
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["difficulty"].as_u64())
        .collect();
    assert!(difficulties.is_sorted(), "{difficulties:?}");
    difficulties.dedup();
    assert_eq!(difficulties, [1, 2, 3, 4, 5]);
    assert_eq!(
        find(&rows, "id", "my-phone-basic"),
        &json!({"id": "my-phone-basic", "title": "电话基础", "skill": "phone", "difficulty": 2, "best": 50, "attempts": 2})
    );
    // Tried only by 王五.
    assert_eq!(find(&rows, "id", "my-phone-next")["best"], Value::Null);
    assert_eq!(find(&rows, "id", "my-phone-next")["attempts"], 0);

    let theirs = sb.run(&["--trainee", "王五", "list", "--skill", "phone", "--json"]);
    assert_eq!(
        find(&theirs.expect(0).json(), "id", "my-phone-next")["best"],
        100
    );

    // Without --skill: every skill, in the order of the spec's skill list.
    let all = sb.run(&["list", "--json"]).expect(0).json();
    let mut skills: Vec<&str> = all
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["skill"].as_str())
        .collect();
    skills.dedup();
    assert_eq!(
        skills,
        [
            "spin",
            "fab",
            "objection",
            "closing",
            "phone",
            "counter",
            "complaint",
            "compliance"
        ]
    );
    assert_eq!(find(&all, "id", "my-spin-basic")["best"], 100);
}

#[test]
fn progress_json_counts_skills_and_recommends_the_next_scenario() {
    let sb = trained();
    let p = sb.run(&["progress", "--json"]).expect(0).json();
    assert_eq!(p["trainee"], "测试学员");
    assert_eq!(p["attempts"], 5, "the retired run counts");
    assert_eq!(p["level"], 2);
    assert_eq!(p["weakest"], "phone");
    assert_eq!(
        p["retired"],
        json!([{"scenario_id": "my-old-one", "attempts": 1}])
    );
    let skills = p["skills"].as_array().expect("skills");
    assert_eq!(skills.len(), 8);
    let phone = find(&p["skills"], "skill", "phone");
    // 5 built-in phone scenarios + 2 local ones.
    assert_eq!(phone["available"], 7);
    assert_eq!(phone["tried"], 1);
    assert_eq!(phone["attempts"], 2);
    assert_eq!(phone["passes"], 1);
    assert_eq!(phone["pass_rate"], 50);
    assert_eq!(phone["best"], 50);
    assert_eq!(phone["latest"], 50);
    assert_eq!(phone["mean_best"], 50.0);
    assert_eq!(phone["recent"], json!([0, 50]));
    assert_eq!(phone["trend"], "▁▅");
    let spin = find(&p["skills"], "skill", "spin");
    assert_eq!(
        (&spin["best"], &spin["latest"], &spin["trend"]),
        (&json!(100), &json!(100), &json!("▁█"))
    );
    let fab = find(&p["skills"], "skill", "fab");
    assert_eq!(
        (&fab["attempts"], &fab["best"], &fab["pass_rate"]),
        (&json!(0), &Value::Null, &Value::Null)
    );

    // Level 2 passed → level 3; untried before tried; phone is the weakest skill.
    let r = &p["recommendation"];
    assert_eq!(r["scenario_id"], "my-phone-next");
    assert_eq!(
        (&r["difficulty"], &r["target"], &r["best"]),
        (&json!(3), &json!(3), &Value::Null)
    );
    assert_eq!(r["weakest_skill"], true);
    assert_eq!(
        r["reason"],
        "You have passed level 2 scenarios; this is a level 3 scenario you have not practised yet, in your weakest skill, telephone."
    );
    let zh = sb
        .run(&["--lang", "zh", "progress", "--json"])
        .expect(0)
        .json();
    assert_eq!(
        zh["recommendation"]["reason"],
        "你已通过 2 级场景;这是 3 级中尚未练习的场景,且属于你最弱的技能“电话沟通”。"
    );

    // Another trainee: only their own run.
    let other = sb
        .run(&["--trainee", "王五", "progress", "--json"])
        .expect(0)
        .json();
    assert_eq!(
        (&other["attempts"], &other["level"]),
        (&json!(1), &json!(3))
    );
    assert_eq!(other["recommendation"]["target"], 4);
}

#[test]
fn progress_with_nothing_recorded() {
    let sb = sandbox();
    let p = sb.run(&["progress", "--json"]).expect(0).json();
    assert_eq!(
        (&p["attempts"], &p["level"], &p["weakest"]),
        (&json!(0), &json!(0), &Value::Null)
    );
    assert_eq!(p["recommendation"]["difficulty"], 1);
    assert_eq!(p["recommendation"]["best"], Value::Null);
    assert!(
        !sb.path().join("progress.db").exists(),
        "reading must not create the database"
    );
}

#[test]
fn history_json_lists_runs_with_their_answers() {
    let sb = trained();
    let runs = sb.run(&["history", "--json"]).expect(0).json();
    let ids: Vec<&str> = runs
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["scenario_id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "my-spin-basic",
            "my-spin-basic",
            "my-phone-basic",
            "my-phone-basic",
            "my-old-one"
        ]
    );
    let half = &runs[3];
    assert_eq!(
        (&half["title"], &half["trainee"], &half["score"]),
        (&json!("电话基础"), &json!("测试学员"), &json!(50))
    );
    assert_eq!(
        (&half["passed"], &half["walked_out"], &half["seed"]),
        (&json!(true), &json!(false), &json!(1))
    );
    assert!(
        half["finished_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z')),
        "{half}"
    );
    assert_eq!(
        half["steps"][1],
        json!({"step_id": "bye", "customer": "那我先走了。", "answer": "嗯", "score": 0, "passed": false, "missing": ["再见"], "banned": [], "saw_hint": false, "saw_model": false, "retries": []})
    );
    assert_eq!(runs[4]["title"], Value::Null, "no longer available");

    let one = sb
        .run(&["history", "--scenario", "my-spin-basic", "--json"])
        .expect(0)
        .json();
    let scores: Vec<u64> = one
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["score"].as_u64())
        .collect();
    assert_eq!(scores, [0, 100]);

    let theirs = sb
        .run(&["--trainee", "王五", "history", "--json"])
        .expect(0)
        .json();
    assert_eq!(theirs.as_array().map(Vec::len), Some(1));
    assert_eq!(theirs[0]["scenario_id"], "my-phone-next");
}

#[test]
fn history_text_shows_every_step() {
    let sb = trained();
    let out = sb
        .run(&["--lang", "zh", "history", "--scenario", "my-phone-basic"])
        .expect(0)
        .stdout();
    // People read the scenario's title; its id is for the command line and JSON.
    assert!(!out.contains("my-phone-basic"), "{out}");
    for needle in [
        "#4  电话基础",
        "得分 50  通过",
        "客户: 那我先走了。",
        "回答: 嗯",
        "缺少: 再见",
    ] {
        assert!(out.contains(needle), "{needle}:\n{out}");
    }
    let en = sb.run(&["history"]).expect(0).stdout();
    assert!(en.contains("my-old-one · (no longer available)"), "{en}");
}

#[test]
fn history_of_a_trainee_without_runs_is_empty() {
    let sb = trained();
    let run = sb.run(&["--trainee", "新人", "history", "--json"]);
    assert_eq!(run.expect(0).json(), json!([]));
    let text = sb.run(&["--trainee", "新人", "--lang", "zh", "history"]);
    assert_eq!(text.expect(0).stdout(), "新人 还没有练习记录。\n");
}

#[test]
fn an_unknown_skill_exits_2_listing_the_skills() {
    let sb = sandbox();
    let run = sb.run(&["list", "--skill", "phones"]);
    run.expect(2);
    assert_eq!(
        run.stderr(),
        "unknown skill `phones`, expected one of: spin, fab, objection, closing, phone, counter, complaint, compliance\ndid you mean:\n  phone\n"
    );
    assert!(run.stdout().is_empty());
}

#[test]
fn a_corrupt_database_exits_2_and_is_left_alone() {
    let sb = sandbox();
    // Fixed pseudo-random bytes: not SQLite's header, not empty.
    let bytes: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let db = sb.write("progress.db", &bytes);
    for args in [
        &["list"][..],
        &["list", "--json"],
        &["progress"],
        &["progress", "--json"],
        &["history"],
        &["history", "--json"],
    ] {
        let run = sb.run(args);
        run.expect(2);
        assert!(
            run.stderr().contains("progress database"),
            "{}",
            run.stderr()
        );
        assert!(run.stdout().is_empty(), "{}", run.stdout());
        assert_eq!(
            std::fs::read(&db).ok(),
            Some(bytes.clone()),
            "rehearse {args:?} changed the file"
        );
    }
}

#[test]
fn the_readable_list() {
    let sb = trained();
    let en = sb.run(&["list", "--skill", "phone"]).expect(0).stdout();
    insta::assert_snapshot!("list_en", en);
    let zh = sb
        .run(&["--lang", "zh", "list", "--skill", "phone"])
        .expect(0)
        .stdout();
    insta::assert_snapshot!("list_zh", zh);
}

#[test]
fn list_fits_80_columns_by_display_width_in_both_languages() {
    let sb = trained();
    for lang in ["zh", "en"] {
        let out = sb.run(&["--lang", lang, "list"]).expect(0).stdout();
        assert!(out.lines().count() > 38, "{out}");
        for line in out.lines() {
            let columns = rehearse::report::width::width(line);
            assert!(columns <= 80, "{columns} columns: {line}");
        }
    }
    // A wider terminal shows more of each title.
    let wide = sb
        .run_with(&["--lang", "zh", "list"], &[("COLUMNS", "160")])
        .expect(0)
        .stdout();
    assert!(
        wide.contains("交易软件登录不上,客户来电发火:共情、说明等待原因、转接并告知分机"),
        "{wide}"
    );
}

#[test]
fn the_readable_progress() {
    let sb = trained();
    let en = sb.run(&["progress"]).expect(0).stdout();
    insta::assert_snapshot!("progress_en", en);
    let zh = sb.run(&["--lang", "zh", "progress"]).expect(0).stdout();
    insta::assert_snapshot!("progress_zh", zh);
}
