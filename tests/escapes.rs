//! Control chars from files, the store and the command line never reach the user's
//! terminal or report files raw: an OSC 52 sequence in a customer line would write the
//! clipboard, a title sequence rename the window, `ESC [2J` clear the screen. Every
//! human-readable output shows them as visible pictures (␛ ␇ �); JSON escapes them.

mod common;

use common::{Run, Sandbox};

/// YAML escapes: ESC ] 52 (clipboard), BEL, ESC [2J (clear), C1 CSI.
const OSC52: &str = r"\e]52;c;SGVsbG8=\a";
const CLEAR: &str = r"\e[2J";
const CSI: &str = r"\u009b31m";

fn scenario() -> String {
    format!(
        "id: esc\ntitle: \"标题{OSC52}\"\nskill: phone\nbrief: \"情况{CLEAR}\"\npersona:\n  name: \"李先生{CSI}\"\nsteps:\n  - id: s\n    customer: \"喂{OSC52}\"\n    task: \"问好{CLEAR}\"\n    required: [您好]\n    hint: \"提示{CSI}\"\n    model_answer: \"您好{OSC52}\"\n"
    )
}

#[track_caller]
fn clean(run: &Run) {
    for (name, text) in [("stdout", run.stdout()), ("stderr", run.stderr())] {
        assert!(
            !text.contains(['\u{1b}', '\u{7}', '\u{9b}']),
            "raw control char on {name}: {text:?}"
        );
    }
}

#[test]
fn scenario_text_reaches_the_terminal_visible_not_raw() {
    let sb = Sandbox::new();
    sb.write("scenarios/phone/esc.yaml", scenario());
    sb.write("answers.yaml", "- \"您好\\e]0;title\\a\"\n");
    let run = sb.run(&["run", "esc", "--answers", "answers.yaml"]);
    clean(&run);
    assert!(
        run.stdout().contains("标题␛]52;c;SGVsbG8=␇"),
        "{}",
        run.stdout()
    );
    // JSON keeps the text exact, escaped.
    let run = sb.run(&[
        "run",
        "esc",
        "--answers",
        "answers.yaml",
        "--json",
        "--no-record",
    ]);
    clean(&run);
    assert_eq!(run.json()["title"], "标题\u{1b}]52;c;SGVsbG8=\u{7}");
    for args in [
        &["list"][..],
        &["history"],
        &["progress"],
        &["check", "scenarios"],
        &["score", "esc", "s", "喂\u{1b}[2J"],
    ] {
        clean(&sb.run(args));
    }
}

#[test]
fn names_and_answers_from_the_store_and_the_command_line_are_neutralised() {
    let sb = Sandbox::new();
    sb.write("scenarios/phone/esc.yaml", scenario());
    sb.write("answers.yaml", "- \"您好\\e[2J\"\n");
    let name = "王\u{1b}]0;pwned\u{7}";
    let run = sb.run(&["--trainee", name, "run", "esc", "--answers", "answers.yaml"]);
    clean(&run);
    for args in [
        &["--trainee", name, "history"][..],
        &["--trainee", name, "progress"],
        &["--trainee", name, "list"],
    ] {
        let run = sb.run(args);
        clean(&run);
    }
    // Report files: no raw control char in any format.
    for report in ["p.md", "p.csv", "p.html"] {
        sb.run(&["--trainee", name, "progress", "--report", report])
            .expect(0);
        let text = std::fs::read_to_string(sb.path().join(report)).expect("report");
        assert!(!text.contains(['\u{1b}', '\u{7}']), "{report}: {text:?}");
        assert!(text.contains('␛'), "{report}: {text:?}");
    }
    // clap echoes a bad value as typed.
    clean(&sb.run(&["--lang", "\u{1b}]0;x\u{7}", "list"]));
}

#[test]
fn messages_that_echo_input_are_neutralised() {
    let sb = Sandbox::new();
    // An unknown key, echoed by the YAML reader's message.
    sb.write(
        "bad.yaml",
        "id: a\ntitle: t\nskill: phone\n\"\\e]0;x\\a\": 1\nsteps:\n  - id: s\n    customer: x\n",
    );
    let run = sb.run(&["check", "bad.yaml"]);
    run.expect(2);
    clean(&run);
    assert!(
        run.stdout().contains("unknown field `␛]0;x␇`"),
        "{}",
        run.stdout()
    );
    // A CSV header echoed by grade.
    sb.write("rules.yaml", "banned: [喂]\n");
    sb.write("in.csv", "\u{1b}]52;c;eA==\u{7}id,text\n1,您好\n");
    let run = sb.run(&["grade", "--rules", "rules.yaml", "in.csv"]);
    clean(&run);
}
