//! Hostile scenario files fail fast and cleanly: a located message, exit 2, no
//! panic, no hang, and little memory (measured with `wait4`'s peak RSS).

mod common;

use std::time::Duration;

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
    assert!(
        m.elapsed < Duration::from_secs(10),
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
    // The same guard covers answers files and the scan of ./scenarios for an id.
    sb.write("s.yaml", common::PHONE);
    let m = measure(
        &sb,
        &["run", "s.yaml", "--answers", "deep.yaml", "--no-record"],
    );
    rejected_cleanly(&m, "deep.yaml:4:");
    sb.write("scenarios/deep.yaml", &deep);
    sb.write("a.yaml", "- 好\n");
    let m = measure(&sb, &["run", "deep", "--answers", "a.yaml", "--no-record"]);
    rejected_cleanly(&m, "no scenario with id `deep`");
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
