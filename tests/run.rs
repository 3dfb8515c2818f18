//! `rehearse run --answers` against the real binary: the JSON contract and exit
//! codes of spec §5, determinism of seeds, and every way the input can be unusable.

mod common;

use common::{GOOD, PHONE, Sandbox, Test};

#[test]
fn a_passing_run_exits_0_with_the_spec_json() {
    let run = Test::new()
        .scenario(PHONE)
        .answers(GOOD)
        .args(&["--seed", "42", "--json"])
        .run();
    let j = run.expect(0).json();
    assert_eq!(j["scenario"], "phone-outbound-invite");
    assert_eq!(j["seed"], 42);
    assert_eq!(j["score"], 100);
    assert_eq!(j["passed"], true);
    assert_eq!(j["walked_out"], false);
    let steps = j["steps"].as_array().expect("steps");
    let ids: Vec<&str> = steps.iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids, ["opening", "need", "invite"]);
    for s in steps {
        for key in [
            "id", "customer", "answer", "score", "passed", "missing", "banned",
        ] {
            assert!(s.get(key).is_some(), "step lacks {key}: {s}");
        }
    }
    assert_eq!(
        j["conversation"][0],
        serde_json::json!({"rule": "mentions", "phrases": ["李先生"], "at_least": 3, "count": 3, "met": true})
    );
    assert_eq!(run.stdout().lines().count(), 1, "exactly one JSON object");
}

#[test]
fn a_failing_run_exits_1_with_missing_and_banned() {
    let j = Test::new()
        .scenario(PHONE)
        .answers("- 你好,我是交行的小王\n- 您好,我是交行的小王\n- 李先生,有什么事吗\n- 李先生,保证您满意,来网点吧\n")
        .args(&["--seed", "1", "--json"])
        .run()
        .expect(1)
        .json();
    let steps = j["steps"].as_array().expect("steps");
    assert_eq!(steps[0]["id"], "opening");
    assert_eq!(steps[0]["score"], 0);
    assert_eq!(steps[0]["missing"], serde_json::json!(["您好"]));
    assert_eq!(steps[0]["banned"], serde_json::json!(["你好"]));
    // on_fail: opening → the same step again, now passing.
    assert_eq!(steps[1]["id"], "opening");
    assert_eq!(steps[1]["passed"], true);
    assert_eq!(steps[3]["banned"], serde_json::json!(["保证"]));
    assert_eq!(steps[3]["score"], 0);
    // (0 + 100 + 100 + 0) / 4
    assert_eq!(j["score"], 50);
    assert_eq!(j["passed"], false);
    assert_eq!(j["conversation"][0]["count"], 2);
    assert_eq!(j["conversation"][0]["met"], false);
}

#[test]
fn a_walk_out_ends_the_run_and_fails_it() {
    let run = Test::new()
        .scenario(PHONE)
        .answers("- 喂\n- 喂喂\n- 不会用到\n")
        .args(&["--seed", "1", "--json"])
        .run();
    let j = run
        .expect(1)
        .stderr_has("1 extra answers were not used")
        .json();
    assert_eq!(j["walked_out"], true);
    assert_eq!(j["steps"].as_array().map(Vec::len), Some(2));
}

#[test]
fn the_same_seed_gives_the_same_report_byte_for_byte() {
    let variants = PHONE.replace(
        "customer: 喂,哪位?",
        "customer: [喂,哪位?, 您好,哪里?, 谁呀?, 你是哪位?, 嗯?]",
    );
    let test = Test::new().scenario(variants).answers(GOOD);
    let json = ["--seed", "7", "--json"];
    let first = test.run_with(&json);
    first.expect(0);
    assert_eq!(first.stdout(), test.run_with(&json).stdout());
    let text = ["--seed", "7"];
    assert_eq!(test.run_with(&text).stdout(), test.run_with(&text).stdout());
    let lines: std::collections::BTreeSet<String> = (0..16)
        .map(|seed| {
            let seed = seed.to_string();
            let r = test.run_with(&["--seed", &seed, "--json"]);
            r.json()["steps"][0]["customer"]
                .as_str()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert!(
        lines.len() > 1,
        "seeds should draw different variants: {lines:?}"
    );
}

#[test]
fn without_a_seed_the_report_states_the_one_used() {
    let test = Test::new().scenario(PHONE).answers(GOOD);
    let run = test.run_with(&["--json"]);
    run.expect(0);
    let seed = run.json()["seed"].as_u64().expect("seed is a number");
    let again = test.run_with(&["--json", "--seed", &seed.to_string()]);
    assert_eq!(run.stdout(), again.stdout());
}

#[test]
fn the_readable_report() {
    let test = Test::new()
        .scenario(PHONE)
        .answers("- 你好,我是交行的小王\n- 您好,我是交行的小王\n- 李先生,有什么事吗\n- 保证您满意,来网点吧\n")
        .args(&["--seed", "3"]);
    let run = test.run();
    run.expect(1);
    insta::assert_snapshot!("report_en", run.stdout());
    let zh = test.global(&["--lang", "zh"]).run();
    insta::assert_snapshot!("report_zh", zh.stdout());
}

#[test]
fn too_few_answers_exit_2_naming_the_step() {
    Test::new()
        .scenario(PHONE)
        .answers("- 您好,李先生,我是交通银行客户服务经理小王。\n")
        .args(&["--seed", "1", "--json"])
        .run()
        .expect(2)
        .stdout_is_empty()
        .stderr_has("a.yaml: no answer for step `need` (answer 2 of the conversation)");
}

#[test]
fn unusable_answers_files_exit_2() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "map.yaml",
            b"a: 1\n",
            "map.yaml:1:1: the answers file must be a YAML list of strings",
        ),
        (
            "nested.yaml",
            b"- [a, b]\n",
            "nested.yaml:1:3: the answers file must be a YAML list of strings",
        ),
        (
            "bytes.yaml",
            b"- \xff\xfe\n",
            "bytes.yaml:1:3: not valid UTF-8 text",
        ),
        (
            "broken.yaml",
            b"- \"open\n",
            "broken.yaml:2:1: the answers file must be a YAML list of strings",
        ),
    ];
    for (name, content, expected) in cases {
        Test::new()
            .scenario(PHONE)
            .file(name, content)
            .answers_file(name)
            .run()
            .expect(2)
            .stderr_starts_with(expected);
    }
    Test::new()
        .scenario(PHONE)
        .answers_file("absent.yaml")
        .run()
        .expect(2)
        .stderr_starts_with("absent.yaml: ");
}

#[test]
fn numbers_in_answers_are_text() {
    Test::new()
        .scenario("id: hotline\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 电话多少?\n    required: [95566]\n")
        .answers("- 95566\n")
        .run()
        .expect(0);
}

#[test]
fn an_invalid_scenario_exits_2_with_its_location() {
    Test::new()
        .scenario(PHONE.replace("skill: phone", "skill: phones"))
        .answers(GOOD)
        .run()
        .expect(2)
        .stderr_starts_with("s.yaml:3:8: skill: unknown skill `phones`");
}

#[test]
fn ids_are_found_in_the_scenarios_folder_then_the_built_in_library() {
    let test = Test::new()
        .file(
            "scenarios/deep/down/mine.yaml",
            PHONE.replace("id: phone-outbound-invite", "id: my-own"),
        )
        .answers(GOOD)
        .target("my-own");
    test.run().expect(0);
    test.target("no-such-scenario")
        .run()
        .expect(2)
        .stderr_has("no scenario with id `no-such-scenario`");

    // A built-in scenario runs from a folder with no scenarios of its own.
    let first_builtin = rehearse::library::BUILTIN
        .first()
        .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned())
        .expect("the library is not empty");
    let id = first_builtin
        .lines()
        .find_map(|l| l.strip_prefix("id: "))
        .expect("an id line")
        .trim()
        .to_owned();
    let run = Test::new()
        .target(&id)
        .answers("- 好\n- 好\n- 好\n- 好\n- 好\n- 好\n- 好\n- 好\n- 好\n- 好\n- 好\n- 好\n- 好\n- 好\n- 好\n")
        .args(&["--json"])
        .run();
    assert!(run.code() == 0 || run.code() == 1, "{}", run.stderr());
    assert_eq!(run.json()["scenario"], id.as_str());
}

#[test]
fn an_invalid_local_file_is_reported_under_the_id_asked_for() {
    Test::new()
        .file(
            "scenarios/x.yaml",
            "id: broken-one\ntitle: t\nskill: nope\nsteps: [{id: s, customer: 喂}]\n",
        )
        .target("broken-one")
        .answers(GOOD)
        .run()
        .expect(2)
        .stderr_has("x.yaml:3:8: skill: unknown skill `nope`");
}

#[test]
fn run_without_answers_off_a_terminal_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    let run = sb.run(&["run", "s.yaml"]);
    run.expect(2).stderr_has("--answers");
    sb.run(&["--lang", "zh", "run", "s.yaml"])
        .expect(2)
        .stderr_has("不在终端上运行时,run 需要 --answers <文件>");
}

#[test]
fn bad_command_lines_exit_2() {
    let sb = Sandbox::new();
    sb.run(&["run"]).expect(2);
    sb.run(&["run", "x", "--seed", "minus-one"]).expect(2);
    sb.run(&["frobnicate"]).expect(2);
    sb.run(&["--lang", "fr", "check", "."]).expect(2);
    sb.run(&["--help"]).expect(0);
}
