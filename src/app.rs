//! The one wiring module: parses the command line, runs the command against the
//! core and adapters, and renders any error once, in the user's language.

use std::io::{IsTerminal, Write};
use std::path::Path;

use clap::Parser;

use crate::cli::{Cli, Command, LangArg, RunArgs};
use crate::error::{Error, Located, Result, exit};
use crate::i18n::{Lang, msg, render_error};
use crate::library::{self, Loaded};
use crate::report;
use crate::scenario::{check, load, raw::Text};
use crate::scoring::Compiled;
use crate::session::{self, Scripted};

/// Answers files are typed by hand; anything larger is a mistake.
const MAX_ANSWERS_BYTES: u64 = 4 * 1024 * 1024;

/// Runs the program and returns its exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                exit::UNUSABLE
            } else {
                exit::OK
            };
        }
    };
    let lang = match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_env(),
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if no_color || !std::io::stdout().is_terminal() {
        colored::control::set_override(false);
    }
    match dispatch(&cli, lang) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", render_error(&e, lang));
            e.exit_code()
        }
    }
}

fn dispatch(cli: &Cli, lang: Lang) -> Result<u8> {
    match &cli.command {
        Some(Command::Run(args)) => run(args, lang),
        Some(Command::Check(args)) => {
            let report = check::check(&args.paths, lang);
            let mut out = std::io::stdout().lock();
            for p in &report.problems {
                writeln!(out, "{p}").map_err(|e| Error::io("<stdout>", e))?;
            }
            let summary = msg::CHECK_SUMMARY.fill(
                lang,
                &[&report.files, &report.invalid, &report.example_problems],
            );
            writeln!(out, "{summary}").map_err(|e| Error::io("<stdout>", e))?;
            Ok(report.exit_code())
        }
        None => Err(Error::Usage(
            "usage: rehearse <COMMAND>; see `rehearse --help`".to_owned(),
        )),
    }
}

/// Reads an answers file: a YAML list of strings (spec §5).
fn read_answers(path: &Path, lang: Lang) -> Result<Vec<String>> {
    let bytes = load::read_limited(path, MAX_ANSWERS_BYTES, lang)?;
    let text = load::utf8(path, &bytes, lang).map_err(Error::AnswersInvalid)?;
    let list: Vec<Text> = load::from_yaml(path, text, lang).map_err(|l| {
        Error::AnswersInvalid(Located {
            message: msg::ANSWERS_NOT_LIST.fill(lang, &[&l.message]),
            ..l
        })
    })?;
    Ok(list.into_iter().map(|t| t.0).collect())
}

fn run(args: &RunArgs, lang: Lang) -> Result<u8> {
    let Loaded { scenario, .. } = library::resolve(&args.scenario, lang)?;
    let Some(answers_path) = &args.answers else {
        return Err(Error::Usage(
            "run needs --answers FILE when not on a terminal".to_owned(),
        ));
    };
    let answers = read_answers(answers_path, lang)?;
    let seed = args.seed.unwrap_or_else(rand::random);
    let compiled = Compiled::new(&scenario);
    let mut trainee = Scripted::new(&answers);
    let outcome = session::run(&compiled, seed, &mut trainee).map_err(|e| match e {
        Error::AnswersShort { step, number, .. } => Error::AnswersShort {
            path: answers_path.clone(),
            step,
            number,
        },
        other => other,
    })?;
    if trainee.unused() > 0 {
        eprintln!(
            "{}",
            msg::ANSWERS_EXTRA.fill(lang, &[&answers_path.display(), &trainee.unused()])
        );
    }
    let summary = outcome.summary(&scenario);
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        report::json::write(&mut out, &report::json::run(&scenario, &outcome, &summary))
    } else {
        report::text::run(&mut out, lang, &scenario, &outcome, &summary)
    };
    written.map_err(|e| Error::io("<stdout>", e))?;
    Ok(if summary.passed {
        exit::OK
    } else {
        exit::FAILED
    })
}
