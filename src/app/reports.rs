//! Wiring of `report`: a meeting's or a trainee's report written from the record, as
//! often as wanted. Nothing is played and nothing is written to the database: it is
//! opened read-only, so the file stays byte for byte as it was and no `-wal` or
//! `-shm` file appears beside it.

use std::io::Write;
use std::path::Path;

use jiff::tz::TimeZone;

use crate::atomic::stage;
use crate::cli::ReportArgs;
use crate::error::{Error, Result, Usage, exit};
use crate::i18n::{Lang, msg};
use crate::library;
use crate::meeting::{Entry, Meeting};
use crate::progress;
use crate::record::MeetingInfo;
use crate::report::{self, file::Format};
use crate::store::{RunFilter, Store};

use super::{Ctx, stdout_error};

/// The store opened only to read; `None` when its file does not exist yet.
fn open_for_reading(ctx: &Ctx) -> Result<Option<Store>> {
    let path = ctx.db_path()?;
    match path.try_exists() {
        Ok(false) => Ok(None),
        Ok(true) => Store::open_read_only(&path),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Writes the report whole to `out` (replacing it only once complete), or to stdout.
fn write_to(
    lang: Lang,
    out: Option<&Path>,
    render: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    match out {
        Some(path) => {
            stage(path, |w| {
                let mut w = report::safe::Safe::new(w, false);
                render(&mut w)?;
                w.flush()
            })?
            .replace()?;
            safe_eprintln!("{}", msg::REPORT_WRITTEN.fill(lang, &[&path.display()]));
            Ok(())
        }
        None => {
            let mut w = report::safe::stdout();
            render(&mut w)
                .and_then(|()| w.flush())
                .map_err(stdout_error)
        }
    }
}

pub fn report(ctx: &Ctx, args: &ReportArgs) -> Result<u8> {
    let format = match &args.out {
        Some(path) => {
            Format::of(path).ok_or_else(|| Usage::ProgressReportFormat { path: path.clone() })?
        }
        None => Format::Markdown,
    };
    let tz = TimeZone::system();
    let store = open_for_reading(ctx)?;
    match &args.meeting {
        Some(id) => meeting_report(ctx, args, store.as_ref(), id, format, &tz),
        None => trainee_report(ctx, args, store.as_ref(), format, &tz),
    }
}

/// The scenario a meeting played: the file it was played from while that file still
/// holds the scenario, else the scenario with its id (`./scenarios`, the library).
fn scenario_of(lang: Lang, id: &str, file: Option<&str>) -> Result<library::Loaded> {
    if let Some(file) = file.filter(|f| Path::new(f).is_file())
        && let Ok(loaded) = library::resolve(file, lang)
        && loaded.scenario.id == id
    {
        return Ok(loaded);
    }
    library::resolve(id, lang)
}

fn meeting_report(
    ctx: &Ctx,
    args: &ReportArgs,
    store: Option<&Store>,
    id: &str,
    format: Format,
    tz: &TimeZone,
) -> Result<u8> {
    let lang = ctx.lang;
    let Some(store) = store else {
        return Err(super::unknown_meeting(None, id));
    };
    let runs = store.runs(&RunFilter {
        meeting_id: Some(id.to_owned()),
        ..Default::default()
    })?;
    let Some(first) = runs.first() else {
        return Err(super::unknown_meeting(Some(store), id));
    };
    let recorded = store.meeting_info(id)?;
    let loaded = scenario_of(
        lang,
        &first.run.scenario_id,
        recorded.scenario_file.as_deref(),
    )?;
    let config = super::meeting::meeting_info(ctx, &None, &None)?;
    let info = MeetingInfo {
        branch: args.branch.clone().or(recorded.branch).or(config.branch),
        facilitator: args
            .facilitator
            .clone()
            .or(recorded.facilitator)
            .or(config.facilitator),
        scenario_file: None,
    };
    let m = Meeting {
        id: id.to_owned(),
        scenario: &loaded.scenario,
        entries: runs.into_iter().map(|r| Entry { run: r.run }).collect(),
        info,
    };
    write_to(lang, args.out.as_deref(), |w| {
        report::meeting::report(w, lang, format, &m, tz)
    })?;
    Ok(exit::OK)
}

fn trainee_report(
    ctx: &Ctx,
    args: &ReportArgs,
    store: Option<&Store>,
    format: Format,
    tz: &TimeZone,
) -> Result<u8> {
    let lang = ctx.lang;
    let trainee = ctx.trainee()?;
    let runs = match store {
        Some(store) => store.runs(&RunFilter {
            trainee: Some(trainee.clone()),
            ..RunFilter::default()
        })?,
        None => Vec::new(),
    };
    if runs.is_empty() {
        let known = store.map_or(Ok(Vec::new()), Store::trainees)?;
        let near =
            crate::text::suggest::near_titled(&trainee, known.iter().map(|t| (t.as_str(), "")));
        if !near.is_empty() {
            return Err(Usage::UnknownTrainee {
                name: trainee,
                near,
            }
            .into());
        }
    }
    let library = library::Library::read(lang);
    let p = progress::progress(&trainee, &library.summaries, &runs, lang);
    let entries = super::progress::history_entries(&library, runs, true);
    write_to(lang, args.out.as_deref(), |w| {
        report::progress_file::write(w, lang, format, &p, &entries, &library.summaries, tz)
    })?;
    Ok(exit::OK)
}
