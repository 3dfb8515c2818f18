//! `rehearse check` against real files: every rejection of spec §1 located as
//! `file:line:column: message` with exit 2, example self-tests with exit 1.

mod common;

use common::{PHONE, Sandbox};

/// (file name, content, the expected `file:line:column: field path` start of the message)
const REJECTIONS: &[(&str, &str, &str)] = &[
    (
        "missing-field.yaml",
        "id: a\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n",
        "missing-field.yaml:1:1: missing field `title`",
    ),
    (
        "missing-step-field.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n",
        "missing-step-field.yaml:5:5: steps[0]: missing field `customer`",
    ),
    (
        "unknown-field.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n    requried: [您好]\n",
        "unknown-field.yaml:7:5: steps[0]: unknown field `requried`",
    ),
    (
        "wrong-type.yaml",
        "id: a\ntitle: t\nskill: phone\ndifficulty: hard\nsteps:\n  - id: s\n    customer: 喂\n",
        "wrong-type.yaml:4:13: difficulty: invalid type: string \"hard\", expected a whole number",
    ),
    (
        "wrong-type-list.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n    required: 您好\n",
        "wrong-type-list.yaml:7:15: steps[0].required: invalid type: string \"您好\", expected a sequence",
    ),
    (
        "unknown-skill.yaml",
        "id: a\ntitle: t\nskill: sales\nsteps:\n  - id: s\n    customer: 喂\n",
        "unknown-skill.yaml:3:8: skill: unknown skill `sales`",
    ),
    (
        "bad-id.yaml",
        "id: Phone_Call\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n",
        "bad-id.yaml:1:5: id: `Phone_Call` is not a valid id",
    ),
    (
        "bad-step-id.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: 开场\n    customer: 喂\n",
        "bad-step-id.yaml:5:9: steps[0].id: `开场` is not a valid id",
    ),
    (
        "duplicate-step.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n  - id: s\n    customer: 嗯\n",
        "duplicate-step.yaml:7:9: steps[1].id: duplicate step id `s` (already used on line 5)",
    ),
    (
        "dangling-branch.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n    on_pass: nowhere\n",
        "dangling-branch.yaml:7:14: steps[0].on_pass: no step with id `nowhere`",
    ),
    (
        "dangling-typo.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: opening\n    customer: 喂\n    on_pass: opning\n  - id: closing\n    customer: 好\n",
        "dangling-typo.yaml:7:14: steps[0].on_pass: no step with id `opning` (steps: opening, closing; or `end`); did you mean `opening`?",
    ),
    (
        "dangling-end.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n    on_fail: edn\n",
        "dangling-end.yaml:7:14: steps[0].on_fail: no step with id `edn` (steps: s; or `end`); did you mean `end`?",
    ),
    (
        "dangling-fail.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n    on_fail: nowhere\n",
        "dangling-fail.yaml:7:14: steps[0].on_fail: no step with id `nowhere`",
    ),
    (
        "empty-phrase.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n    required: [\"\"]\n",
        "empty-phrase.yaml:7:16: steps[0].required[0]: empty phrase",
    ),
    (
        "empty-alternative.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n    required:\n      - any: [您好, \"  \"]\n",
        "empty-alternative.yaml:8:19: steps[0].required[0].any[1]: empty phrase",
    ),
    (
        "empty-banned.yaml",
        "id: a\ntitle: t\nskill: phone\nbanned:\n  - phrase: \"\"\nsteps:\n  - id: s\n    customer: 喂\n",
        "empty-banned.yaml:5:13: banned[0].phrase: empty phrase",
    ),
    (
        "punctuation-phrase.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n    banned: [\"！！\"]\n",
        "punctuation-phrase.yaml:7:14: steps[0].banned[0]: empty phrase once spaces and punctuation are removed",
    ),
    (
        "difficulty.yaml",
        "id: a\ntitle: t\nskill: phone\ndifficulty: 6\nsteps:\n  - id: s\n    customer: 喂\n",
        "difficulty.yaml:4:13: difficulty: 6 is out of range 1..=5",
    ),
    (
        "difficulty-zero.yaml",
        "id: a\ntitle: t\nskill: phone\ndifficulty: 0\nsteps:\n  - id: s\n    customer: 喂\n",
        "difficulty-zero.yaml:4:13: difficulty: 0 is out of range 1..=5",
    ),
    (
        "pass-score.yaml",
        "id: a\ntitle: t\nskill: phone\npass_score: 101\nsteps:\n  - id: s\n    customer: 喂\n",
        "pass-score.yaml:4:13: pass_score: 101 is out of range 0..=100",
    ),
    (
        "at-least.yaml",
        "id: a\ntitle: t\nskill: phone\nconversation:\n  - mentions: [李先生]\n    at_least: 0\nsteps:\n  - id: s\n    customer: 喂\n",
        "at-least.yaml:6:15: conversation[0].at_least: 0 is out of range 1..=4294967295",
    ),
    (
        "not-yaml.yaml",
        "id: a\ntitle: \"unterminated\nskill: phone\n",
        "not-yaml.yaml:4:1: found unexpected end of stream",
    ),
    (
        "two-documents.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps: [{id: s, customer: 喂}]\n---\nid: b\n",
        "two-documents.yaml:5:1: a scenario file holds one YAML document",
    ),
    (
        "not-a-map.yaml",
        "- 一\n- 二\n",
        "not-a-map.yaml:1:1: invalid type: sequence, expected a scenario: a mapping with id, title, skill and steps",
    ),
    (
        "no-steps.yaml",
        "id: a\ntitle: t\nskill: phone\nsteps: []\n",
        "no-steps.yaml:4:8: steps: at least one step is needed",
    ),
    (
        "empty-file.yaml",
        "",
        "empty-file.yaml:1:1: the file is empty",
    ),
];

#[test]
fn every_rejection_is_located_and_exits_2() {
    let sb = Sandbox::new();
    for (name, content, expected) in REJECTIONS {
        sb.write(name, content);
        let run = sb.run(&["check", name]);
        run.expect(2);
        let first = run.stdout().lines().next().unwrap_or_default().to_owned();
        assert!(
            first.starts_with(expected),
            "{name}:\n  expected: {expected}\n  got:      {first}"
        );
    }
}

#[test]
fn rejection_messages_read_well() {
    let sb = Sandbox::new();
    let mut all = String::new();
    for (name, content, _) in REJECTIONS {
        sb.write(&format!("bad/{name}"), content);
    }
    let run = sb.run(&["check", "bad"]);
    run.expect(2);
    all.push_str(&run.stdout());
    all.push_str("--- stderr\n");
    all.push_str(&run.stderr());
    insta::assert_snapshot!(all);
}

#[test]
fn field_problems_read_in_chinese_with_the_nearest_field() {
    let sb = Sandbox::new();
    for (name, content, _) in &REJECTIONS[..3] {
        sb.write(&format!("bad/{name}"), content);
    }
    let run = sb.run(&["--lang", "zh", "check", "bad"]);
    run.expect(2);
    let out = run.stdout();
    for line in [
        "bad/missing-field.yaml:1:1: 缺少必填字段 `title`\n",
        "bad/missing-step-field.yaml:5:5: steps[0]: 缺少必填字段 `customer`\n",
        "bad/unknown-field.yaml:7:5: steps[0]: 未知字段 `requried`(可用字段: id, title, customer, task, required, banned, question, max_chars, hint, model_answer, on_pass, on_fail, examples, best_answers);是不是要写 `required`?\n",
    ] {
        assert!(out.contains(line), "{line}\n--- stdout\n{out}");
    }
}

#[test]
fn invalid_utf8_is_located_at_the_first_bad_byte() {
    let sb = Sandbox::new();
    sb.write("latin1.yaml", b"id: a\ntitle: caf\xe9\n".as_slice());
    let run = sb.run(&["check", "latin1.yaml"]);
    run.expect(2);
    assert!(
        run.stdout()
            .starts_with("latin1.yaml:2:11: not valid UTF-8 text"),
        "{}",
        run.stdout()
    );
}

#[test]
fn every_problem_in_a_file_is_reported() {
    let sb = Sandbox::new();
    sb.write(
        "many.yaml",
        "id: Bad\ntitle: t\nskill: phone\ndifficulty: 9\nsteps:\n  - id: s\n    customer: 喂\n    on_pass: x\n  - id: s\n    customer: 嗯\n",
    );
    let run = sb.run(&["check", "many.yaml"]);
    run.expect(2);
    let out = run.stdout();
    for needle in [
        "many.yaml:1:5: id:",
        "many.yaml:4:13: difficulty:",
        "many.yaml:8:14: steps[0].on_pass:",
        "many.yaml:9:9: steps[1].id: duplicate",
    ] {
        assert!(out.contains(needle), "missing {needle} in\n{out}");
    }
}

#[test]
fn one_bad_file_does_not_stop_the_others() {
    let sb = Sandbox::new();
    sb.write("lib/a/good.yaml", PHONE);
    sb.write("lib/b/bad.yaml", "id: x\n");
    sb.write("lib/b/notes.txt", "not a scenario");
    let examples = PHONE
        .replace("id: phone-outbound-invite", "id: other")
        .replace("fail: [\"喂,你好。\"", "fail: [\"您好,我是交通银行的小王\"");
    sb.write("lib/c/examples.yml", examples);
    let run = sb.run(&["check", "lib"]);
    run.expect(2);
    insta::assert_snapshot!(format!("{}--- stderr\n{}", run.stdout(), run.stderr()));
}

#[test]
fn misbehaving_examples_exit_1() {
    let sb = Sandbox::new();
    let wrong = PHONE.replace(
        "pass: [\"李先生,最近生意忙吗?\"]",
        "pass: [\"李先生,最近生意忙吗?\", \"最近生意忙吗?\", \"李先生,保证赚钱吗?\"]",
    );
    sb.write("s.yaml", wrong);
    let run = sb.run(&["check", "s.yaml"]);
    run.expect(1);
    insta::assert_snapshot!(format!("{}--- stderr\n{}", run.stdout(), run.stderr()));
}

#[test]
fn a_good_file_exits_0() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    let run = sb.run(&["check", "s.yaml"]);
    run.expect(0);
    // stdout holds only located lines; the summary goes to stderr.
    assert_eq!(run.stdout(), "");
    assert_eq!(
        run.stderr(),
        "checked 1 files: 0 invalid, 0 example problems\n"
    );
}

#[test]
fn duplicate_scenario_ids_across_files_are_invalid() {
    let sb = Sandbox::new();
    sb.write("lib/one.yaml", PHONE);
    sb.write("lib/two.yaml", PHONE);
    let run = sb.run(&["check", "lib"]);
    run.expect(2);
    assert!(
        run.stdout().contains(
            "lib/two.yaml:1:5: duplicate scenario id `phone-outbound-invite` (also in lib/one.yaml)"
        ),
        "{}",
        run.stdout()
    );
}

#[test]
fn missing_paths_and_empty_folders_are_reported() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join("empty")).expect("mkdir");
    let run = sb.run(&["check", "nothing.yaml", "empty"]);
    run.expect(2);
    let out = run.stdout();
    assert!(out.contains("nothing.yaml"), "{out}");
    assert!(out.contains("empty:1:1: empty: no scenario files"), "{out}");
}

#[test]
fn check_without_paths_is_a_usage_error() {
    let sb = Sandbox::new();
    sb.run(&["check"]).expect(2);
}

#[test]
fn messages_follow_the_language() {
    let sb = Sandbox::new();
    sb.write(
        "d.yaml",
        "id: a\ntitle: t\nskill: phone\ndifficulty: 6\nsteps:\n  - id: s\n    customer: 喂\n",
    );
    let zh = sb.run_with(&["check", "d.yaml"], &[("LANG", "zh_CN.UTF-8")]);
    zh.expect(2);
    assert!(
        zh.stdout()
            .contains("d.yaml:4:13: difficulty: 6 超出范围 1..=5"),
        "{}",
        zh.stdout()
    );
    let en = sb.run_with(
        &["--lang", "en", "check", "d.yaml"],
        &[("LANG", "zh_CN.UTF-8")],
    );
    assert!(en.stdout().contains("is out of range"), "{}", en.stdout());
}

const WARNED: &str = "id: w\ntitle: t\nskill: phone\nbanned: [你好]\nsteps:\n  - id: a\n    customer: 喂\n    on_pass: end\n    on_fail: end\n    required:\n      - any: [您好, 你好]\n    model_answer: 您好\n  - id: lost\n    customer: 嗯\n    model_answer: 好\n";

#[test]
fn warnings_are_shown_and_exit_1_only_when_strict() {
    let sb = Sandbox::new();
    sb.write("w.yaml", WARNED);
    let run = sb.run(&["check", "w.yaml"]);
    run.expect(0);
    assert_eq!(
        run.stdout(),
        "w.yaml:11:19: warning: steps[0].required[0].any[1]: `你好` is both required and banned\n\
         w.yaml:13:9: warning: steps[1]: step `lost` is never reached\n"
    );
    assert_eq!(
        run.stderr(),
        "checked 1 files: 0 invalid, 0 example problems, 2 warnings\n"
    );
    sb.run(&["check", "--strict", "w.yaml"]).expect(1);
    // Invalid still wins over warnings.
    sb.write("bad.yaml", "id: x\n");
    sb.run(&["check", "--strict", "w.yaml", "bad.yaml"])
        .expect(2);
}

#[test]
fn json_format_for_editors_and_ci() {
    let sb = Sandbox::new();
    sb.write("w.yaml", WARNED);
    sb.write("bad.yaml", "id: x\n");
    let run = sb.run(&["check", "--format", "json", "w.yaml", "bad.yaml"]);
    run.expect(2);
    let j = run.json();
    assert_eq!(j["files"], 2);
    assert_eq!(j["invalid"], 1);
    assert_eq!(j["warnings"], 2);
    let problems = j["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 3);
    assert_eq!(
        problems[0],
        serde_json::json!({"file": "bad.yaml", "line": 1, "column": 1, "severity": "error", "message": "missing field `title`"})
    );
    assert_eq!(problems[1]["severity"], "warning");
    assert_eq!(problems[1]["line"], 11);
}

#[test]
fn stdout_holds_one_located_line_per_problem_and_nothing_else() {
    let sb = Sandbox::new();
    for (name, content, _) in REJECTIONS {
        sb.write(&format!("bad/{name}"), content);
    }
    let run = sb.run(&["check", "bad"]);
    run.expect(2);
    let lines: Vec<String> = run.stdout().lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), REJECTIONS.len(), "one problem per file here");
    for line in &lines {
        let mut parts = line.splitn(4, ':');
        let (file, l, c) = (parts.next(), parts.next(), parts.next());
        assert!(file.is_some_and(|f| f.starts_with("bad/")), "{line}");
        assert!(l.is_some_and(|n| n.parse::<usize>().is_ok()), "{line}");
        assert!(c.is_some_and(|n| n.parse::<usize>().is_ok()), "{line}");
    }
    assert!(
        run.stderr().starts_with("checked 26 files: 26 invalid"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_step_title_is_optional_and_never_empty() {
    let sb = Sandbox::new();
    let with =
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    title: 开场问候\n    customer: 喂\n";
    sb.write("good.yaml", with);
    sb.run(&["check", "good.yaml"]).expect(0);
    sb.write("empty.yaml", with.replace("开场问候", "\" \""));
    let run = sb.run(&["check", "empty.yaml"]);
    run.expect(2);
    assert!(
        run.stdout()
            .starts_with("empty.yaml:6:12: steps[0].title: must not be empty"),
        "{}",
        run.stdout()
    );
}

/// A file whose problems all come after forty good steps: each is still placed on
/// the value it is about, whichever way the value was written (a bare phrase or a
/// map, one customer line or a list), and a misbehaving example on its own line.
#[test]
fn a_problem_found_late_is_placed_where_it_is_written() {
    let mut text = String::from("id: late\ntitle: t\nskill: phone\nsteps:\n");
    for i in 0..40 {
        text.push_str(&format!(
            "  - id: s{i}\n    customer: 喂\n    required: [您好]\n    model_answer: 您好\n    examples:\n      pass: [您好]\n"
        ));
    }
    let late = "  - id: last\n    customer:\n      - 第一句\n      - \"  \"\n    required:\n      - \"？！\"\n      - any: [您好, \"。\"]\n    banned:\n      - phrase: \"，\"\n      - \"、、\"\n";
    // Line numbers: four of head, six per good step.
    let first = 4 + 40 * 6 + 1;
    let sb = Sandbox::new();
    sb.write("late.yaml", format!("{text}{late}"));
    let run = sb.run(&["check", "late.yaml"]);
    run.expect(2);
    let expected = [
        format!("late.yaml:{}:9: steps[40].customer[1]:", first + 3),
        format!("late.yaml:{}:9: steps[40].required[0]:", first + 5),
        format!("late.yaml:{}:19: steps[40].required[1].any[1]:", first + 6),
        format!("late.yaml:{}:17: steps[40].banned[0].phrase:", first + 8),
        format!("late.yaml:{}:9: steps[40].banned[1]:", first + 9),
    ];
    let lines: Vec<String> = run.stdout().lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), expected.len(), "{lines:#?}");
    for (line, want) in lines.iter().zip(&expected) {
        assert!(line.starts_with(want.as_str()), "{line}\nwanted {want}");
    }

    // Valid, with the last step's fail example passing: exit 1, at that example.
    let good = late
        .replace("      - \"  \"\n", "")
        .replace("      - \"？！\"\n", "")
        .replace("[您好, \"。\"]", "[您好]")
        .replace(
            "      - phrase: \"，\"\n      - \"、、\"\n",
            "      - 保证\n",
        )
        .replace(
            "    banned:",
            "    model_answer: 您好\n    examples:\n      fail: [不对, 您好]\n    banned:",
        );
    sb.write("late.yaml", format!("{text}{good}"));
    let run = sb.run(&["check", "late.yaml"]);
    run.expect(1);
    assert!(
        run.stdout().starts_with(&format!(
            "late.yaml:{}:18: steps[40].examples.fail[1]:",
            first + 7
        )),
        "{}",
        run.stdout()
    );
    assert_eq!(run.stdout().lines().count(), 1, "{}", run.stdout());
}
