//! The command line speaks the user's language: every command and option has its
//! Chinese help, and clap's errors are introduced in Chinese.

mod common;

use clap::CommandFactory;
use common::Sandbox;
use rehearse::i18n::cli::{GLOBAL, SUBCOMMANDS};

#[test]
fn every_command_and_option_has_chinese_help() {
    let cmd = rehearse::cli::Cli::command();
    for arg in cmd
        .get_arguments()
        .filter(|a| !matches!(a.get_id().as_str(), "help" | "version"))
    {
        assert!(
            GLOBAL.iter().any(|(id, _)| *id == arg.get_id().as_str()),
            "global --{}",
            arg.get_id()
        );
    }
    for sub in cmd.get_subcommands() {
        let Some((_, _, args)) = SUBCOMMANDS
            .iter()
            .find(|(name, _, _)| *name == sub.get_name())
        else {
            panic!("{} has no Chinese help", sub.get_name());
        };
        for arg in sub
            .get_arguments()
            .filter(|a| a.get_id().as_str() != "help")
        {
            let global = GLOBAL.iter().any(|(id, _)| *id == arg.get_id().as_str());
            assert!(
                global || args.iter().any(|(id, _)| *id == arg.get_id().as_str()),
                "{} {} has no Chinese help",
                sub.get_name(),
                arg.get_id()
            );
        }
    }
}

#[test]
fn help_in_chinese_by_flag_or_environment() {
    let sb = Sandbox::new();
    let run = sb.run(&["--lang", "zh", "--help"]);
    run.expect(0);
    let out = run.stdout();
    for text in ["用法: rehearse", "命令:", "选项:", "显示帮助", "退出码"] {
        assert!(out.contains(text), "{text} missing:\n{out}");
    }
    for (name, about, _) in SUBCOMMANDS {
        let run = sb.run_with(&[name, "--help"], &[("LANG", "zh_CN.UTF-8")]);
        run.expect(0);
        assert!(run.stdout().starts_with(about), "{name}:\n{}", run.stdout());
    }
    // English stays the default.
    let run = sb.run(&["run", "--help"]);
    assert!(
        run.stdout().starts_with("Play a scenario"),
        "{}",
        run.stdout()
    );
}

#[test]
fn command_line_errors_are_introduced_in_chinese() {
    let sb = Sandbox::new();
    let run = sb.run(&["--lang=zh", "run", "--bogus"]);
    run.expect(2);
    assert!(
        run.stderr().starts_with("rehearse: 命令行有误"),
        "{}",
        run.stderr()
    );
    assert!(run.stderr().contains("--bogus"), "{}", run.stderr());
    let run = sb.run(&["run", "--bogus"]);
    run.expect(2);
    assert!(
        run.stderr().starts_with("error: unexpected argument"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_reader_that_goes_away_ends_the_command_quietly() {
    // `rehearse concepts --json | head -c 5`: the reader closes after five bytes; the
    // output (about 100 KB) is larger than a pipe holds, so the writer sees it.
    use std::io::Read;
    let sb = Sandbox::new();
    let mut child = sb.spawn_piped(&["concepts", "--json"]);
    let mut first = [0u8; 5];
    if let Some(out) = child.stdout.as_mut() {
        out.read_exact(&mut first).expect("read");
    }
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(&first, b"[\n  {");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
