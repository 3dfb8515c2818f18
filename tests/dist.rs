//! What an installed rehearse brings along: shell completions that a real bash
//! loads and uses, and manual pages that `man` renders.

mod common;

use std::path::Path;
use std::process::Command;

use clap::CommandFactory;
use common::Sandbox;
use common::tmux::Tmux;

/// The names of the commands, as clap knows them.
fn command_names() -> Vec<String> {
    rehearse::cli::Cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect()
}

#[test]
fn bash_loads_the_completions_and_completes_commands_and_options() {
    let sb = Sandbox::new();
    let bin = Path::new(env!("CARGO_BIN_EXE_rehearse"))
        .parent()
        .expect("the binary's folder");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let t = Tmux::start_program(
        &sb,
        "bash",
        "bash",
        &["--norc", "--noprofile", "-i"],
        &[("PATH", &path), ("PS1", "$ ")],
    );
    t.wait_for("$");
    t.line("source <(rehearse completions bash)");
    t.line("complete -p rehearse");
    t.wait_for("-F _rehearse rehearse");

    // Two commands start with `co`: a double Tab lists both.
    t.keys(&["-l", "rehearse co"]);
    t.keys(&["Tab", "Tab"]);
    let screen = t.wait_for("concepts");
    assert!(screen.contains("completions"), "{screen}");

    // One command starts with `che`: a Tab completes it.
    t.keys(&["C-u"]);
    t.keys(&["-l", "rehearse che"]);
    t.keys(&["Tab"]);
    t.wait_for("$ rehearse check");

    // Options of that command.
    t.keys(&["-l", "--", "--str"]);
    t.keys(&["Tab"]);
    t.wait_for("$ rehearse check --strict");

    // The values of an argument.
    t.keys(&["C-u"]);
    t.keys(&["-l", "rehearse completions "]);
    t.keys(&["Tab", "Tab"]);
    let screen = t.wait_for("powershell");
    for shell in ["bash", "zsh", "fish", "elvish"] {
        assert!(screen.contains(shell), "{shell}:\n{screen}");
    }
    t.keys(&["C-u"]);
    t.line("exit");
}

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    let sb = Sandbox::new();
    let marks = [
        ("bash", "complete -F _rehearse"),
        ("zsh", "#compdef rehearse"),
        ("fish", "complete -c rehearse"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'rehearse'",
        ),
        ("elvish", "edit:completion:arg-completer[rehearse]"),
    ];
    for (shell, mark) in marks {
        let run = sb.run(&["completions", shell]);
        run.expect(0);
        let script = run.stdout();
        assert!(script.contains(mark), "{shell}: no `{mark}`");
        for name in command_names() {
            assert!(script.contains(&name), "{shell}: no `{name}`");
        }
    }
    // bash itself finds no syntax error in its script.
    let script = sb.write("rehearse.bash", sb.run(&["completions", "bash"]).stdout());
    let status = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .expect("bash");
    assert!(status.success());
    // Descriptions follow the language, as --help does.
    let run = sb.run(&["--lang", "zh", "completions", "fish"]);
    run.expect(0).stdout_has("练习一个场景");
    sb.run(&["completions", "tcsh"]).expect(2);
}

/// Renders a manual page with man-db's `man`, warnings on; returns the text with
/// runs of spaces as one (the page is justified). Any warning fails.
fn render(page: &Path) -> String {
    let out = Command::new("man")
        .args(["--warnings", "-P", "cat", "-l"])
        .arg(page)
        .env("MANWIDTH", "250")
        .env("LANG", "C.UTF-8")
        .output()
        .expect("man must be installed (scripts/test.sh installs man-db)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{}: {stderr}", page.display());
    assert!(stderr.is_empty(), "{}: {stderr}", page.display());
    // man marks bold by overstriking when its output is not a terminal.
    let text = String::from_utf8_lossy(&out.stdout);
    let mut plain = String::new();
    for c in text.chars() {
        if c == '\u{8}' {
            plain.pop();
        } else {
            plain.push(c);
        }
    }
    plain
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn man_renders_the_page() {
    let sb = Sandbox::new();
    let run = sb.run(&["man"]);
    run.expect(0);
    let page = sb.write("rehearse.1", run.stdout());
    let text = render(&page);
    for part in [
        "NAME",
        "rehearse - Role-play trainer for bank",
        "SYNOPSIS",
        "DESCRIPTION",
        "--trainee <NAME>",
        "rehearse-run(1)",
        "Audit real conversations",
        "EXIT STATUS",
        "interrupted (Esc, Ctrl-C); nothing was recorded",
        "ENVIRONMENT",
        "REHEARSE_DB",
        "FILES",
        "SEE ALSO",
        "rehearse-grade(1)",
    ] {
        assert!(text.contains(part), "`{part}` missing:\n{text}");
    }
}

#[test]
fn man_writes_a_page_per_command_into_a_folder() {
    let sb = Sandbox::new();
    let run = sb.run(&["man", "--dir", "pages"]);
    run.expect(0);
    let names = command_names();
    run.stdout_has(&format!("wrote {} manual pages to pages", names.len() + 1));
    let mut files: Vec<String> = std::fs::read_dir(sb.path().join("pages"))
        .expect("pages")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    files.sort();
    let mut expected: Vec<String> = names.iter().map(|n| format!("rehearse-{n}.1")).collect();
    expected.push("rehearse.1".to_owned());
    expected.sort();
    assert_eq!(files, expected);
    let grade = render(&sb.path().join("pages/rehearse-grade.1"));
    for part in [
        "rehearse-grade - Audit real conversations",
        "--rules <FILE>",
        "--threads <N>",
        "rehearse(1)",
    ] {
        assert!(grade.contains(part), "`{part}` missing:\n{grade}");
    }
    for file in &files {
        render(&sb.path().join("pages").join(file));
    }
    // Written again over the old pages, in Chinese this time.
    sb.run(&["--lang", "zh", "man", "--dir", "pages"])
        .expect(0)
        .stdout_has("已写入");
    let run = std::fs::read_to_string(sb.path().join("pages/rehearse-run.1")).expect("page");
    assert!(run.contains("练习一个场景"), "{run}");
}
