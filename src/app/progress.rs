//! Wiring of `list`, `progress` and `history`: reads the library and the trainee's
//! runs, hands them to [`crate::progress`], and prints the result as a report or as
//! JSON. These commands only read: a database file that does not exist yet is
//! treated as empty rather than created.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use serde::Serialize;

use crate::atomic::stage;
use crate::cli::{HistoryArgs, ListArgs, ProgressArgs};
use crate::error::{Error, Result, Usage, exit};
use crate::i18n::msg;
use crate::library::{self, Library};
use crate::progress::{self, HistoryEntry};
use crate::record::StoredRun;
use crate::report::{self, file::Format};
use crate::store::{RunFilter, Store};

use super::{Ctx, parse_skill, stdout_error};

/// The `history` entries of `runs`. Only the scenarios they are of are read again,
/// and only for a report to people, which shows their steps' titles.
pub(super) fn history_entries(
    library: &Library,
    runs: Vec<StoredRun>,
    step_titles: bool,
) -> Vec<HistoryEntry> {
    let mut seen = HashSet::new();
    let wanted: Vec<usize> = runs
        .iter()
        .filter(|r| step_titles && seen.insert(r.run.scenario_id.as_str()))
        .filter_map(|r| library.position(&r.run.scenario_id))
        .collect();
    let steps: HashMap<&str, Vec<(String, String)>> = wanted
        .iter()
        .zip(crate::pool::map(&wanted, |&i| library.step_titles(i)))
        .filter_map(|(&i, titles)| Some((library.summaries[i].id.as_str(), titles?)))
        .collect();
    progress::history(&library.summaries, runs, |scenario, step| {
        let titles = steps.get(scenario)?;
        let (_, title) = titles.iter().find(|(id, _)| id == step)?;
        Some(title.clone())
    })
}

/// The store, or `None` when its file does not exist yet (nothing recorded). A file
/// this user may not write (or in a folder they may not write) is only read.
fn open_existing(ctx: &Ctx) -> Result<Option<Store>> {
    let path = ctx.db_path()?;
    match path.try_exists() {
        Ok(false) => Ok(None),
        Ok(true) if crate::atomic::writable(&path) => ctx.open_store_at(&path).map(Some),
        Ok(true) => Store::open_read_only(&path),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// One JSON value on one line, like `run --json`.
fn print_json(value: &impl Serialize) -> Result<()> {
    let mut out = crate::report::safe::stdout();
    serde_json::to_writer(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .map_err(stdout_error)
}

fn print_report(render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut out = crate::report::safe::stdout();
    render(&mut out)
        .and_then(|()| out.flush())
        .map_err(stdout_error)
}

pub fn list(ctx: &Ctx, args: &ListArgs) -> Result<u8> {
    // A bad --skill is reported before anything is read.
    let skill = args.skill.as_deref().map(parse_skill).transpose()?;
    let trainee = ctx.trainee()?;
    let stats = match open_existing(ctx)? {
        Some(store) => store.scenario_stats(&trainee)?,
        None => Vec::new(),
    };
    let rows = progress::list(&library::summaries(ctx.lang), &stats, skill);
    if args.json {
        print_json(&rows)?;
    } else {
        let columns = report::width::terminal_columns();
        print_report(|w| report::progress::list(w, ctx.lang, &rows, columns))?;
    }
    Ok(exit::OK)
}

pub fn progress(ctx: &Ctx, args: &ProgressArgs) -> Result<u8> {
    // A bad report path is refused before anything is read.
    let format = match &args.report {
        Some(path) => Some(
            Format::of(path).ok_or_else(|| Usage::ProgressReportFormat { path: path.clone() })?,
        ),
        None => None,
    };
    let trainee = ctx.trainee()?;
    let runs = match open_existing(ctx)? {
        Some(store) => store.runs(&RunFilter {
            trainee: Some(trainee.clone()),
            ..RunFilter::default()
        })?,
        None => Vec::new(),
    };
    let library = Library::read(ctx.lang);
    let all = &library.summaries;
    let p = progress::progress(&trainee, all, &runs, ctx.lang);
    if let (Some(path), Some(format)) = (&args.report, format) {
        let entries = history_entries(&library, runs, true);
        let tz = jiff::tz::TimeZone::system();
        let tmp = stage(path, |w| {
            let mut w = report::safe::Safe::new(w, false);
            report::progress_file::write(&mut w, ctx.lang, format, &p, &entries, all, &tz)?;
            w.flush()
        })?;
        tmp.replace()?;
        safe_eprintln!("{}", msg::REPORT_WRITTEN.fill(ctx.lang, &[&path.display()]));
    }
    if args.json {
        print_json(&p)?;
    } else {
        print_report(|w| report::progress::progress(w, ctx.lang, &p))?;
    }
    Ok(exit::OK)
}

pub fn history(ctx: &Ctx, args: &HistoryArgs) -> Result<u8> {
    let trainee = ctx.trainee()?;
    let runs = match open_existing(ctx)? {
        Some(store) => store.runs(&RunFilter {
            trainee: Some(trainee.clone()),
            scenario_id: args.scenario.clone(),
            meeting_id: None,
        })?,
        None => Vec::new(),
    };
    let library = Library::read(ctx.lang);
    // JSON keeps the steps' ids: no scenario is read in full for it.
    let entries = history_entries(&library, runs, !args.json);
    if args.json {
        print_json(&entries)?;
    } else {
        let empty = match &args.scenario {
            Some(id) => {
                // An id no scenario has: most likely a slip, so say which were meant.
                let near = if library.position(id).is_some() {
                    Vec::new()
                } else {
                    crate::text::suggest::near_titled(
                        id,
                        library
                            .summaries
                            .iter()
                            .map(|s| (s.id.as_str(), s.title.as_str())),
                    )
                };
                msg::HISTORY_EMPTY_SCENARIO.fill(ctx.lang, &[&trainee, id])
                    + &crate::i18n::did_you_mean(&near, ctx.lang)
            }
            None => msg::HISTORY_EMPTY.fill(ctx.lang, &[&trainee]),
        };
        print_report(|w| report::progress::history(w, ctx.lang, &entries, &empty))?;
    }
    Ok(exit::OK)
}
