//! The authoring tools: `new` writes a skeleton that passes `check`, `schema` is a
//! JSON Schema every shipped scenario satisfies (checked by an independent
//! validator), `score` gives one answer's verdict.

mod common;

use std::path::Path;

use common::{PHONE, Sandbox};

#[test]
fn new_writes_a_skeleton_that_passes_check_strictly() {
    let sb = Sandbox::new();
    let run = sb.run(&["new", "counter-first-visit", "--skill", "counter"]);
    run.expect(0);
    let path = sb.path().join("scenarios/counter/counter-first-visit.yaml");
    let text = std::fs::read_to_string(&path).expect("the skeleton was written");
    assert!(text.contains("id: counter-first-visit"));
    assert!(text.contains("skill: counter"));
    // Every field is explained by a comment on its line, in Chinese.
    for field in [
        "id:",
        "title:",
        "skill:",
        "difficulty:",
        "pass_score:",
        "source:",
        "brief:",
        "persona:",
        "name:",
        "description:",
        "patience:",
        "banned:",
        "phrase:",
        "except:",
        "conversation:",
        "mentions:",
        "at_least:",
        "steps:",
        "customer:",
        "task:",
        "required:",
        "label:",
        "why:",
        "question:",
        "max_chars:",
        "hint:",
        "model_answer:",
        "on_pass:",
        "on_fail:",
        "examples:",
        "pass:",
        "fail:",
    ] {
        let line = text
            .lines()
            .find(|l| l.trim_start().trim_start_matches("- ").starts_with(field))
            .unwrap_or_else(|| panic!("{field} is not in the skeleton"));
        let comment = line.split_once(" #").map(|(_, c)| c).unwrap_or_default();
        assert!(
            comment
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{field} has no Chinese comment: {line}"
        );
    }
    sb.run(&["check", "--strict", "scenarios"]).expect(0);
    // The new scenario runs straight away, found by its id.
    sb.write(
        "a.yaml",
        "- 王女士您好,请问您需要办理什么业务?\n- 好的王女士,请出示您的身份证,谢谢。\n",
    );
    sb.run(&[
        "run",
        "counter-first-visit",
        "--answers",
        "a.yaml",
        "--no-record",
    ])
    .expect(0);
}

#[test]
fn new_never_overwrites_and_refuses_bad_names() {
    let sb = Sandbox::new();
    sb.run(&["new", "x", "--skill", "fab", "--dir", "lib"])
        .expect(0);
    let path = sb.path().join("lib/fab/x.yaml");
    std::fs::write(&path, "my own work\n").expect("write");
    let run = sb.run(&["new", "x", "--skill", "fab", "--dir", "lib"]);
    run.expect(2);
    assert!(run.stderr().contains("already exists"), "{}", run.stderr());
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "my own work\n"
    );

    let run = sb.run(&["new", "Bad_Id", "--skill", "fab"]);
    run.expect(2);
    assert!(
        run.stderr().contains("not a valid scenario id"),
        "{}",
        run.stderr()
    );
    let run = sb.run(&["new", "ok", "--skill", "sales"]);
    run.expect(2);
    assert!(
        run.stderr().contains("unknown skill `sales`"),
        "{}",
        run.stderr()
    );
    sb.write("blocker", "a file");
    let run = sb.run(&["new", "ok", "--skill", "fab", "--dir", "blocker"]);
    run.expect(2);
    assert!(run.stderr().contains("blocker"), "{}", run.stderr());
}

#[test]
fn new_refuses_any_existing_name_even_a_dangling_symlink() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.path().join("lib/fab")).expect("mkdir");
    let link = sb.path().join("lib/fab/x.yaml");
    std::os::unix::fs::symlink("nowhere.yaml", &link).expect("symlink");
    let run = sb.run(&["new", "x", "--skill", "fab", "--dir", "lib"]);
    run.expect(2);
    assert!(run.stderr().contains("already exists"), "{}", run.stderr());
    assert!(!sb.path().join("lib/fab/nowhere.yaml").exists());
    assert_eq!(entries(&sb.path().join("lib/fab")), ["x.yaml"]);
}

/// The names in `dir`, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn new_leaves_no_partial_file_when_writing_fails() {
    use std::os::unix::process::CommandExt;
    let sb = Sandbox::new();
    // A file size limit of 1 KiB makes the write of the 5 KB skeleton fail with
    // EFBIG partway, as a full disk would, deterministically and even as root.
    // SIGXFSZ is ignored so the write returns an error instead of killing us.
    let mut cmd = sb.command(&["new", "x", "--skill", "fab", "--dir", "lib"]);
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 1024,
                rlim_max: 1024,
            };
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = cmd.output().expect("run rehearse");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("x.yaml"), "{stderr}");
    // Neither the scenario nor a temporary file is left behind...
    assert_eq!(entries(&sb.path().join("lib/fab")), Vec::<String>::new());
    // ...so a retry with room to write simply works.
    sb.run(&["new", "x", "--skill", "fab", "--dir", "lib"])
        .expect(0);
    sb.run(&["check", "--strict", "lib/fab/x.yaml"]).expect(0);
}

fn schema_value(sb: &Sandbox) -> serde_json::Value {
    let run = sb.run(&["schema"]);
    run.expect(0);
    run.json()
}

/// Validates YAML text against the schema with `boon`, a validator that shares no
/// code with rehearse.
fn validate(schema: &serde_json::Value, yaml: &str) -> Result<(), String> {
    let instance: serde_json::Value = serde_yaml::from_str(yaml).map_err(|e| e.to_string())?;
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("rehearse-scenario.json", schema.clone())
        .map_err(|e| e.to_string())?;
    let index = compiler
        .compile("rehearse-scenario.json", &mut schemas)
        .map_err(|e| e.to_string())?;
    schemas
        .validate(&instance, index)
        .map_err(|e| e.to_string())
}

#[test]
fn every_shipped_scenario_and_the_skeleton_satisfy_the_schema() {
    let sb = Sandbox::new();
    let schema = schema_value(&sb);
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/scenario-v1.schema.json"),
    )
    .expect("schema file");
    assert_eq!(
        schema,
        serde_json::from_str::<serde_json::Value>(&shipped).expect("json"),
        "`rehearse schema` prints the shipped file"
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let files = rehearse::scenario::load::yaml_files(&dir).expect("scenarios");
    assert!(files.len() >= 30);
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read");
        if let Err(e) = validate(&schema, &text) {
            panic!("{}: {e}", f.display());
        }
    }
    sb.run(&["new", "s", "--skill", "spin"]).expect(0);
    let skeleton =
        std::fs::read_to_string(sb.path().join("scenarios/spin/s.yaml")).expect("skeleton");
    validate(&schema, &skeleton).expect("the skeleton satisfies the schema");
    validate(&schema, PHONE).expect("the test fixture satisfies the schema");
}

#[test]
fn broken_files_fail_the_schema() {
    let sb = Sandbox::new();
    let schema = schema_value(&sb);
    let broken = [
        (
            "typo",
            PHONE.replace("    required:\n      - 您好", "    requried:\n      - 您好"),
        ),
        ("skill", PHONE.replace("skill: phone", "skill: sales")),
        (
            "id",
            PHONE.replace("id: phone-outbound-invite", "id: Phone_Invite"),
        ),
        (
            "difficulty",
            PHONE.replace("difficulty: 2", "difficulty: 6"),
        ),
        (
            "no steps",
            PHONE.split("steps:").next().unwrap_or_default().to_owned(),
        ),
        (
            "empty phrase",
            PHONE.replace("banned: [你好]", "banned: [\"\"]"),
        ),
        ("at_least", PHONE.replace("at_least: 3", "at_least: 0")),
        ("step end", PHONE.replace("  - id: invite", "  - id: end")),
    ];
    for (what, yaml) in broken {
        assert!(
            validate(&schema, &yaml).is_err(),
            "{what} should fail the schema"
        );
        // rehearse itself rejects them too.
        sb.write("b.yaml", &yaml);
        sb.run(&["check", "b.yaml"]).expect(2);
    }
}

#[test]
fn score_gives_one_step_verdict() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    let run = sb.run(&[
        "score",
        "s.yaml",
        "opening",
        "您好,我是交通银行的小王",
        "--json",
    ]);
    run.expect(0);
    assert_eq!(
        run.json(),
        serde_json::json!({"id": "opening", "customer": "喂,哪位?", "answer": "您好,我是交通银行的小王", "score": 100, "passed": true, "missing": [], "banned": [], "banned_spans": []})
    );
    let run = sb.run(&["score", "s.yaml", "opening", "你好,保证让您满意"]);
    run.expect(1);
    assert_eq!(
        run.stdout(),
        "Score 0\n   Answer: 【你好】,【保证】让您满意\n   ✗ missing 您好\n   ✗ missing 报出银行 — 开场先让客户知道是哪家银行\n     ways to say it: 交通银行 / 交行\n   ✗ banned 喂\n"
            .replace("   ✗ banned 喂\n", "   ✗ banned 保证 — 不得用“保证”一词误导客户对风险的认识\n   ✗ banned 你好\n")
    );
}

#[test]
fn score_rejects_unknown_steps_and_scenarios() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    let run = sb.run(&["score", "s.yaml", "closing", "您好"]);
    run.expect(2);
    assert!(
        run.stderr()
            .contains("no step `closing` (steps of phone-outbound-invite: opening, need, invite)"),
        "{}",
        run.stderr()
    );
    sb.run(&["score", "no-such-scenario", "a", "b"]).expect(2);
    sb.run(&["score", "s.yaml", "opening"]).expect(2);
}
