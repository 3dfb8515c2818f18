//! Wiring of `grade`: batch auditing of real conversations. Loads the rules, opens
//! the output, runs the pipeline with a progress bar on a terminal, prints input
//! problems and the summary on stderr, and turns the outcome into an exit code.

use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cli::GradeArgs;
use crate::error::{Error, Located, Result, Usage, exit};
use crate::grade::grader::Grader;
use crate::grade::pipeline::{self, Options};
use crate::grade::rules;
use crate::i18n::msg;

use super::{Ctx, stdout_error};

/// Input problems printed one by one; past this only their number is told.
const MAX_REPORTED: u64 = 100;

/// Output is written in blocks of at least this size: the results of small batches
/// (CSV rows, a short file) are gathered, and those of a block of JSON lines (a
/// quarter to half a megabyte for a mapped stretch of two) are larger, so they go to
/// the output as they are, without a copy into the buffer.
const OUT_BUFFER: usize = 64 * 1024;

pub fn grade(ctx: &Ctx, args: &GradeArgs) -> Result<u8> {
    let lang = ctx.lang;
    if args.threads == Some(0) {
        return Err(Usage::ZeroThreads.into());
    }
    let stdin = args.inputs.iter().filter(|p| *p == Path::new("-")).count();
    if stdin > 1 {
        return Err(Usage::StdinTwice.into());
    }
    if let Some(out) = &args.out {
        refuse_to_overwrite(out, args)?;
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
    let run = |out: &mut dyn Write,
               report: &mut dyn FnMut(&Located)|
     -> std::io::Result<pipeline::Outcome> {
        let mut out = BufWriter::with_capacity(OUT_BUFFER, out);
        let outcome = pipeline::run(&grader, &args.inputs, &mut out, report, &opts)?;
        out.flush()?;
        Ok(outcome)
    };
    let outcome = match &args.out {
        Some(path) => {
            // Replacing a symlink's target, not the symlink.
            let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            let (tmp, outcome) = crate::atomic::stage_with(&target, |w| run(w, &mut report))?;
            // Unless persisted, the temporary file is removed when dropped.
            let nothing_read = outcome.summary.conversations == 0 && outcome.summary.problems > 0;
            if outcome.fatal.is_none() && !nothing_read {
                tmp.replace()?;
            } else if nothing_read {
                safe_eprintln!(
                    "{}",
                    msg::GRADE_OUT_NOT_WRITTEN.fill(lang, &[&path.display()])
                );
            }
            outcome
        }
        None => run(&mut std::io::stdout().lock(), &mut report).map_err(stdout_error)?,
    };
    if let Some(p) = outcome.fatal {
        return Err(Error::Input(p));
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

/// `--out` naming the rules file or an input would destroy it once the results
/// replace it, whatever path names it: a symlink, a hard link, `-` redirected from
/// it. Checked before anything is opened for writing.
fn refuse_to_overwrite(out: &Path, args: &GradeArgs) -> Result<()> {
    // A file that does not exist yet is no input.
    let Ok(target) = std::fs::metadata(out) else {
        return Ok(());
    };
    if same_file(out, &target, &args.rules) {
        return Err(Usage::OutIsRules {
            out: out.to_owned(),
            rules: args.rules.clone(),
        }
        .into());
    }
    for input in &args.inputs {
        if same_file(out, &target, input) {
            return Err(Usage::OutIsInput {
                out: out.to_owned(),
                input: crate::grade::input::display_name(input).to_path_buf(),
            }
            .into());
        }
    }
    Ok(())
}

/// Whether `path` (`-` is stdin) is the file `target` describes: the same device
/// and inode, symlinks followed.
#[cfg(unix)]
fn same_file(_out: &Path, target: &std::fs::Metadata, path: &Path) -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    let meta = if path == Path::new("-") {
        std::io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .and_then(|fd| std::fs::File::from(fd).metadata())
    } else {
        std::fs::metadata(path)
    };
    meta.is_ok_and(|m| m.dev() == target.dev() && m.ino() == target.ino())
}

/// Whether `path` is the file `out` names; without inodes, by their resolved paths
/// (so hard links and stdin go unnoticed).
#[cfg(not(unix))]
fn same_file(out: &Path, _target: &std::fs::Metadata, path: &Path) -> bool {
    match (std::fs::canonicalize(out), std::fs::canonicalize(path)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
