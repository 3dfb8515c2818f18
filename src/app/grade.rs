//! Wiring of `grade`: batch auditing of real conversations. Loads the rules, opens
//! the output, runs the pipeline with a progress bar on a terminal, prints input
//! problems and the summary on stderr, and turns the outcome into an exit code.

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::GradeArgs;
use crate::error::{Error, Located, Result, exit};
use crate::grade::grader::Grader;
use crate::grade::pipeline::{self, Options};
use crate::grade::rules;
use crate::i18n::msg;

use super::{Ctx, stdout_error};

/// Input problems printed one by one; past this only their number is told.
const MAX_REPORTED: u64 = 100;

/// Output is written in large blocks.
const OUT_BUFFER: usize = 1 << 20;

pub fn grade(ctx: &Ctx, args: &GradeArgs) -> Result<u8> {
    let lang = ctx.lang;
    if args.threads == Some(0) {
        return Err(Error::Usage(msg::GRADE_THREADS.get(lang).to_owned()));
    }
    let stdin = args.inputs.iter().filter(|p| *p == Path::new("-")).count();
    if stdin > 1 {
        return Err(Error::Usage(msg::GRADE_STDIN_TWICE.get(lang).to_owned()));
    }
    let rules = rules::load_file(&args.rules, lang)?;
    let grader = Grader::new(&rules);
    let threads = args
        .threads
        .or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()))
        .unwrap_or(2);
    let progress = std::io::stderr().is_terminal().then(|| {
        let pb = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {bytes_per_sec}",
        );
        if let Ok(style) = style {
            pb.set_style(style);
        }
        pb
    });
    let opts = Options {
        threads,
        strict: args.strict,
        lang,
        progress: progress.clone(),
    };
    let mut out: Box<dyn Write> = match &args.out {
        Some(path) => {
            let file = File::create(path).map_err(|e| Error::io(path, e))?;
            Box::new(BufWriter::with_capacity(OUT_BUFFER, file))
        }
        None => Box::new(BufWriter::with_capacity(OUT_BUFFER, std::io::stdout())),
    };
    let out_error = |e: std::io::Error| match &args.out {
        Some(path) => Error::io(path, e),
        None => stdout_error(e),
    };
    let mut reported = 0u64;
    let mut report = |p: &Located| {
        reported += 1;
        if args.strict || reported > MAX_REPORTED {
            return;
        }
        let line = if p.line == 0 {
            p.message.clone()
        } else {
            p.to_string()
        };
        match &progress {
            Some(pb) => pb.suspend(|| safe_eprintln!("{line}")),
            None => safe_eprintln!("{line}"),
        }
    };
    let outcome =
        pipeline::run(&grader, &args.inputs, &mut out, &mut report, &opts).map_err(out_error)?;
    drop(out);
    if let Some(p) = outcome.fatal {
        return Err(Error::Usage(if p.line == 0 {
            p.message
        } else {
            p.to_string()
        }));
    }
    let s = &outcome.summary;
    let mut err = crate::report::safe::stderr();
    if s.problems > MAX_REPORTED {
        let more = s.problems - MAX_REPORTED;
        let _ = writeln!(err, "{}", msg::GRADE_MORE_PROBLEMS.fill(lang, &[&more]));
    }
    let written = if args.json {
        s.write_json(&mut err)
    } else {
        s.write_text(&mut err, lang)
    };
    written.map_err(|e| Error::io("<stderr>", e))?;
    Ok(if s.problems > 0 {
        exit::UNUSABLE
    } else if s.failed > 0 {
        exit::FAILED
    } else {
        exit::OK
    })
}
