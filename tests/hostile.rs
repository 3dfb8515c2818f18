//! Hostile scenario files fail fast and cleanly: a located message, exit 2, no
//! panic, no hang, and little memory (measured with `wait4`'s peak RSS).

mod common;

use std::time::{Duration, Instant};

use common::{Measured, Sandbox, measure};

#[track_caller]
fn rejected_cleanly(m: &Measured, located: &str) {
    let report = format!("\n--- stdout\n{}\n--- stderr\n{}", m.stdout, m.stderr);
    assert_eq!(m.code, 2, "{report}");
    assert!(!m.stderr.contains("panicked"), "{report}");
    assert!(
        m.stdout.contains(located) || m.stderr.contains(located),
        "expected {located}{report}"
    );
    // A hang guard, not a speed test (speed is measured by the benchmarks):
    // generous enough for a loaded machine, short enough to catch a loop.
    assert!(
        m.elapsed < Duration::from_secs(60),
        "took {:?}{report}",
        m.elapsed
    );
    assert!(
        m.max_rss_kb < 100 * 1024,
        "peak RSS {} KiB{report}",
        m.max_rss_kb
    );
}

/// Nine levels of nine aliases each: 9^9 (387 million) strings if expanded.
fn alias_bomb() -> String {
    let mut s = String::from(
        "id: bomb\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: 喂\n    examples:\n      pass: &l0 [\"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\", \"哈\"]\n",
    );
    for level in 1..9 {
        let prev = format!("*l{}", level - 1);
        let items = [prev.as_str(); 9].join(", ");
        s.push_str(
            &format!("      fail: &l{level} [{items}]\n").replace("fail:", &format!("x{level}:")),
        );
    }
    s.push_str("      fail: *l8\n");
    s
}

#[test]
fn an_alias_bomb_fails_fast() {
    let sb = Sandbox::new();
    sb.write("bomb.yaml", alias_bomb());
    rejected_cleanly(&measure(&sb, &["check", "bomb.yaml"]), "bomb.yaml:");
    sb.write("a.yaml", "- 好\n");
    rejected_cleanly(
        &measure(
            &sb,
            &["run", "bomb.yaml", "--answers", "a.yaml", "--no-record"],
        ),
        "bomb.yaml:",
    );
}

#[test]
fn an_alias_bomb_in_the_values_a_scan_for_ids_reads_fails_fast() {
    // `run <id>` reads the `id` of every file under ./scenarios: the bomb sits in a
    // field that scan skips over.
    let sb = Sandbox::new();
    let mut bomb = String::from("id: bomb\nx0: &l0 [a, a, a, a, a, a, a, a, a]\n");
    for level in 1..9 {
        let items = vec![format!("*l{}", level - 1); 9].join(", ");
        bomb.push_str(&format!("x{level}: &l{level} [{items}]\n"));
    }
    bomb.push_str("title: *l8\n");
    sb.write("scenarios/bomb.yaml", bomb);
    sb.write("a.yaml", "- 好\n");
    rejected_cleanly(
        &measure(&sb, &["run", "bomb", "--answers", "a.yaml", "--no-record"]),
        "bomb.yaml:",
    );
}

#[test]
fn a_list_nested_20000_deep_fails_fast() {
    let sb = Sandbox::new();
    let deep = format!(
        "id: deep\ntitle: t\nskill: phone\nsteps: {}{}\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    sb.write("deep.yaml", &deep);
    rejected_cleanly(&measure(&sb, &["check", "deep.yaml"]), "deep.yaml:4:");
    // Block style: `- - - … x` nests one sequence per dash.
    sb.write(
        "block.yaml",
        format!("id: deep\nsteps:\n{}x\n", "- ".repeat(20_000)),
    );
    rejected_cleanly(&measure(&sb, &["check", "block.yaml"]), "block.yaml:3:");
    // The same guard covers answers files and a file found by its id in ./scenarios.
    sb.write("s.yaml", common::PHONE);
    let m = measure(
        &sb,
        &["run", "s.yaml", "--answers", "deep.yaml", "--no-record"],
    );
    rejected_cleanly(&m, "deep.yaml:4:");
    sb.write("scenarios/deep.yaml", &deep);
    sb.write("a.yaml", "- 好\n");
    // The id is read from the event stream without loading the file, so the file
    // that claims it is reported, located.
    let m = measure(&sb, &["run", "deep", "--answers", "a.yaml", "--no-record"]);
    rejected_cleanly(&m, "scenarios/deep.yaml:4:");
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let sb = Sandbox::new();
    {
        use std::io::Write;
        let mut f = std::fs::File::create(sb.path().join("big.yaml")).expect("create");
        f.write_all(b"id: big\ntitle: t\nskill: phone\nbrief: \"")
            .expect("write");
        let chunk = "很长的说明。".repeat(1024 * 1024 / 18);
        for _ in 0..50 {
            f.write_all(chunk.as_bytes()).expect("write");
        }
        f.write_all("\"\nsteps: [{id: s, customer: 喂}]\n".as_bytes())
            .expect("write");
    }
    let len = std::fs::metadata(sb.path().join("big.yaml"))
        .expect("stat")
        .len();
    assert!(len > 50_000_000, "{len}");
    let m = measure(&sb, &["check", "big.yaml"]);
    rejected_cleanly(&m, "big.yaml:1:1: file is too large");
    sb.write("a.yaml", "- 好\n");
    rejected_cleanly(
        &measure(
            &sb,
            &["run", "big.yaml", "--answers", "a.yaml", "--no-record"],
        ),
        "big.yaml:1:1: file is too large",
    );
    // A huge answers file is refused the same way.
    sb.write("s.yaml", common::PHONE);
    let m = measure(
        &sb,
        &["run", "s.yaml", "--answers", "big.yaml", "--no-record"],
    );
    rejected_cleanly(&m, "big.yaml:1:1: file is too large");
}

#[test]
fn invalid_utf8_and_binary_garbage_fail_cleanly() {
    let sb = Sandbox::new();
    let garbage: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    sb.write("garbage.yaml", &garbage);
    rejected_cleanly(&measure(&sb, &["check", "garbage.yaml"]), "garbage.yaml:");
    sb.write("nul.yaml", b"id: a\0b\ntitle: t\n".as_slice());
    rejected_cleanly(&measure(&sb, &["check", "nul.yaml"]), "nul.yaml:");
    sb.write("utf16.yaml", b"\xff\xfei\0d\0:\0 \0a\0".as_slice());
    rejected_cleanly(
        &measure(&sb, &["check", "utf16.yaml"]),
        "utf16.yaml:1:1: not valid UTF-8 text",
    );
}

/// Runs the binary, killing it (and failing) when it has not finished in 60 s:
/// a hang guard, not a speed test.
#[track_caller]
fn within_deadline(sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut child = sb.spawn_piped(args);
    let started = Instant::now();
    loop {
        match child.try_wait().expect("try_wait") {
            Some(_) => break,
            None if started.elapsed() > Duration::from_secs(60) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("rehearse {args:?} hung");
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    let out = child.wait_with_output().expect("output");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn mkfifo(path: &std::path::Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[test]
fn fifos_and_special_files_are_skipped_never_waited_on() {
    let sb = Sandbox::new();
    sb.write("scenarios/phone/good.yaml", common::PHONE);
    let fifo = sb.path().join("scenarios/phone/pipe.yaml");
    mkfifo(&fifo);
    // `check` reports it and goes on with the rest: exit 2 for the bad file.
    let (code, stdout, _) = within_deadline(&sb, &["check", "scenarios"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stdout.contains("pipe.yaml:1:1: not a regular file"),
        "{stdout}"
    );
    // `list`, `progress` and `run <id>` skip it.
    let (code, stdout, _) = within_deadline(&sb, &["list"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("phone-outbound-invite"), "{stdout}");
    let (code, _, stderr) = within_deadline(&sb, &["progress"]);
    assert_eq!(code, 0, "{stderr}");
    sb.write("answers.yaml", common::GOOD);
    let (code, _, stderr) = within_deadline(
        &sb,
        &[
            "run",
            "phone-outbound-invite",
            "--answers",
            "answers.yaml",
            "--no-record",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    // A FIFO given as the scenario or the answers file is refused, exit 2.
    let (code, _, stderr) = within_deadline(
        &sb,
        &[
            "run",
            "scenarios/phone/good.yaml",
            "--answers",
            "scenarios/phone/pipe.yaml",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("pipe.yaml:1:1: not a regular file"),
        "{stderr}"
    );
    let (code, stdout, _) = within_deadline(&sb, &["check", "/dev/null"]);
    assert_eq!(code, 2);
    assert_eq!(
        stdout,
        "/dev/null:1:1: not a regular file (a named pipe, a device or a folder)\n"
    );
}

#[test]
fn an_oversized_answers_file_is_named_as_one() {
    let sb = Sandbox::new();
    sb.write("s.yaml", common::PHONE);
    let line = format!("- {}\n", "您好".repeat(1000));
    let big: String = line.repeat(1200);
    sb.write("answers.yaml", &big);
    let run = sb.run(&["run", "s.yaml", "--answers", "answers.yaml", "--no-record"]);
    run.expect(2);
    assert!(
        run.stderr()
            .contains("answers.yaml:1:1: file is too large (")
            && run.stderr().contains("answers files are limited to"),
        "{}",
        run.stderr()
    );
}

/// A 200,000-char anchor repeated through `aliases` aliases: 600 KB written, 200
/// million chars expanded with 1,000 aliases.
fn amplified(head: &str, list_key: &str, aliases: usize) -> String {
    let aliases = vec!["*t"; aliases].join(", ");
    format!(
        "{head}{list_key}: [&t \"{}\", {aliases}]\n",
        "长".repeat(200_000)
    )
}

#[test]
fn alias_amplification_is_bounded_by_the_expanded_size() {
    let sb = Sandbox::new();
    let scenario_head =
        "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n    customer: x\n    examples:\n      ";
    sb.write("scenario.yaml", amplified(scenario_head, "pass", 1000));
    let m = measure(&sb, &["check", "scenario.yaml"]);
    rejected_cleanly(&m, "scenario.yaml:8:");
    assert!(
        m.stdout.contains("too large once aliases are expanded"),
        "{}",
        m.stdout
    );
    // Expanded, the list would be 600 MB: the peak memory checked by
    // `rejected_cleanly` shows it was refused before being built.
    // `list` in a folder holding it pays nothing either.
    sb.write(
        "scenarios/bomb.yaml",
        amplified(scenario_head, "pass", 40_000),
    );
    let m = measure(&sb, &["list"]);
    assert_eq!(m.code, 0, "{}", m.stderr);
    assert!(m.max_rss_kb < 100 * 1024, "{} KiB", m.max_rss_kb);
    // Answers and rules files go through the same reader.
    sb.write("s.yaml", common::PHONE);
    sb.write(
        "answers.yaml",
        amplified("", "x", 1000).replace("x: [", "["),
    );
    let m = measure(
        &sb,
        &["run", "s.yaml", "--answers", "answers.yaml", "--no-record"],
    );
    rejected_cleanly(&m, "answers.yaml:1:");
    sb.write("rules.yaml", amplified("", "banned", 1000));
    sb.write("in.jsonl", "{\"id\":\"a\",\"text\":\"您好\"}\n");
    let m = measure(&sb, &["grade", "--rules", "rules.yaml", "in.jsonl"]);
    rejected_cleanly(&m, "rules.yaml:1:");
    // Anchors and aliases of ordinary size keep working.
    sb.write(
        "ok.yaml",
        "id: ok\ntitle: t\nskill: phone\nbanned: &b [喂]\nsteps:\n  - id: s\n    customer: x\n    banned: *b\n    model_answer: 您好\n",
    );
    sb.run(&["check", "ok.yaml"]).expect(0);
}

#[test]
fn yaml_tags_and_control_chars_are_located() {
    let sb = Sandbox::new();
    let head = "id: a\ntitle: t\nskill: phone\nsteps:\n  - id: s\n";
    sb.write(
        "binary.yaml",
        format!("{head}    customer: !!binary aGVsbG8=\n"),
    );
    let run = sb.run(&["check", "binary.yaml"]);
    run.expect(2);
    assert!(
        run.stdout()
            .starts_with("binary.yaml:6:15: YAML tag `!!binary` is not supported"),
        "{}",
        run.stdout()
    );
    sb.write("custom.yaml", format!("{head}    customer: !mine x\n"));
    let run = sb.run(&["check", "custom.yaml"]);
    run.expect(2);
    assert!(
        run.stdout().contains("YAML tag `!mine`"),
        "{}",
        run.stdout()
    );
    // `!!str` says what rehearse does anyway: a hotline stays text.
    sb.write(
        "str.yaml",
        format!("{head}    customer: !!str 95566\n    model_answer: 您好\n"),
    );
    sb.run(&["check", "str.yaml"]).expect(0);
    sb.write("nul.yaml", format!("{head}    customer: 喂\u{0}喂\n"));
    let run = sb.run(&["check", "nul.yaml"]);
    run.expect(2);
    assert_eq!(
        run.stdout(),
        "nul.yaml:6:16: control character U+0000 is not allowed\n"
    );
    sb.write("csi.yaml", format!("{head}    customer: 喂\u{9b}2J\n"));
    let run = sb.run(&["check", "csi.yaml"]);
    run.expect(2);
    assert!(
        run.stdout()
            .starts_with("csi.yaml:6:16: control character U+009B"),
        "{}",
        run.stdout()
    );
}

/// `n` distinct three-char phrases, as a YAML flow list.
fn many_phrases(n: usize) -> String {
    let chars: Vec<char> = (0x4E00u32..0x4E00 + 60)
        .filter_map(char::from_u32)
        .collect();
    let mut out = Vec::with_capacity(n);
    'all: for a in &chars {
        for b in &chars {
            for c in &chars {
                if out.len() == n {
                    break 'all;
                }
                out.push(format!("{a}{b}{c}"));
            }
        }
    }
    format!("[{}]", out.join(","))
}

/// 70,000 banned phrases in a 700 KB file are checked, run and graded within the
/// memory bound (a full DFA over them took 20 s and far more memory; the matcher
/// switches to a contiguous NFA past a few thousand phrases). How long it takes is
/// measured by `scripts/bench-phrases.sh`, not here.
#[test]
fn many_phrases_check_run_and_grade() {
    let sb = Sandbox::new();
    let list = many_phrases(70_000);
    sb.write(
        "many.yaml",
        format!("id: many\ntitle: t\nskill: phone\nbanned: {list}\nsteps:\n  - id: s\n    customer: x\n    model_answer: 您好\n"),
    );
    let m = measure(&sb, &["check", "many.yaml"]);
    assert_eq!(m.code, 0, "{}", m.stderr);
    assert!(m.max_rss_kb < 200 * 1024, "{} KiB", m.max_rss_kb);
    sb.write("a.yaml", "- 您好\n");
    let m = measure(
        &sb,
        &["run", "many.yaml", "--answers", "a.yaml", "--no-record"],
    );
    assert_eq!(m.code, 0, "{}", m.stderr);
    sb.write("rules.yaml", format!("banned: {list}\n"));
    sb.write(
        "in.jsonl",
        "{\"id\":\"a\",\"text\":\"您好\"}\n{\"id\":\"b\",\"text\":\"一一一\"}\n",
    );
    let m = measure(&sb, &["grade", "--rules", "rules.yaml", "in.jsonl"]);
    assert_eq!(m.code, 1, "{}", m.stderr);
    assert!(
        m.stdout.contains("\"id\":\"a\",\"passed\":true"),
        "{}",
        m.stdout
    );
    assert!(
        m.stdout.contains("\"id\":\"b\",\"passed\":false"),
        "{}",
        m.stdout
    );
}
