//! Wiring of the weekly role-play meeting: `meeting` plays every trainee's run with
//! one seed (on the terminal, or from `--answers NAME=FILE`), records them under one
//! meeting id in one transaction and writes the report; `harvest` turns a meeting's
//! fully passing answers into a scenario file's pass examples. Files are written
//! whole through `atomic`: reports replaced, the scenario edited in place.

use std::io::Write;
use std::path::PathBuf;

use colored::Colorize;

use crate::atomic::{self, stage};
use crate::check;
use crate::cli::{HarvestArgs, MeetingArgs};
use crate::error::{Error, Located, Result, StoreProblem, Usage, exit};
use crate::harvest;
use crate::i18n::{Lang, msg};
use crate::library::{self, Loaded};
use crate::meeting::{self, Entry, Meeting};
use crate::report::{self, meeting::Format};
use crate::scenario::load;
use crate::scoring::Compiled;
use crate::session::{self, Scripted};
use crate::simulate::Outcome;
use crate::store::{RunFilter, Store};
use crate::ui;
use crate::yaml;
use crate::yaml::answers;

use super::{Ctx, content_hash, now, run, stdout_error};

/// One trainee's run from their answers file.
fn scripted(
    lang: Lang,
    compiled: &Compiled,
    seed: u64,
    name: &str,
    (path, answers): &(PathBuf, Vec<String>),
) -> Result<Outcome> {
    let mut trainee = Scripted::new(answers);
    let outcome = session::run(compiled, seed, &mut trainee).map_err(|e| match e {
        Error::AnswersShort { step, number, .. } => Usage::MeetingAnswersShort {
            trainee: name.to_owned(),
            path: path.clone(),
            step,
            number,
        }
        .into(),
        other => other,
    })?;
    if trainee.unused() > 0 {
        let warning =
            msg::MEETING_ANSWERS_EXTRA.fill(lang, &[&name, &path.display(), &trainee.unused()]);
        safe_eprintln!("{warning}");
    }
    Ok(outcome)
}

/// One trainee's run at the terminal, announced to the room.
fn at_terminal(
    lang: Lang,
    compiled: &Compiled,
    seed: u64,
    name: &str,
    turn: (usize, usize),
) -> Result<Outcome> {
    let announce = msg::MEETING_TURN.fill(lang, &[&name, &(turn.0 + 1), &turn.1]);
    safe_println!("\n{}", announce.bold());
    let start = msg::MEETING_START.get(lang);
    let ready = msg::MEETING_NEXT.fill(lang, &[&name]);
    if ui::choose(lang, &ready, vec![start])?.is_none() {
        return Err(Error::Interrupted);
    }
    let outcome = session::run(
        compiled,
        seed,
        &mut ui::Terminal::new(lang).without_retries(),
    )?;
    let summary = outcome.summary(compiled.scenario);
    let verdict = if summary.passed {
        msg::MEETING_PASSED.get(lang)
    } else {
        msg::MEETING_FAILED.get(lang)
    };
    safe_println!(
        "{}",
        msg::MEETING_TURN_DONE
            .fill(lang, &[&name, &summary.score, &verdict])
            .bold()
    );
    Ok(outcome)
}

/// The first meeting id of today that no recorded run uses.
fn free_id(store: &Store) -> Result<String> {
    // `now()` is RFC 3339 UTC: its first ten characters are the date.
    let today: String = now().chars().take(10).collect();
    for id in meeting::ids(&today) {
        let filter = RunFilter {
            meeting_id: Some(id.clone()),
            ..Default::default()
        };
        if store.runs(&filter)?.is_empty() {
            return Ok(id);
        }
    }
    Ok(today)
}

pub fn meeting(ctx: &Ctx, args: &MeetingArgs) -> Result<u8> {
    let lang = ctx.lang;
    let trainees = meeting::trainees(&args.trainees).map_err(Usage::Meeting)?;
    if args.answers.is_empty() && !ctx.interactive {
        return Err(Usage::MeetingNeedsAnswers.into());
    }
    let files = if args.answers.is_empty() {
        None
    } else {
        Some(meeting::answer_files(&trainees, &args.answers).map_err(Usage::Meeting)?)
    };
    let format = match &args.report {
        Some(path) => Some(
            Format::of(path).ok_or_else(|| Usage::MeetingReportFormat { path: path.clone() })?,
        ),
        None => None,
    };
    let loaded = library::resolve(&args.scenario, lang)?;
    // Everything that can be wrong is found before anyone answers: the database, the
    // report's folder, every answers file.
    let mut store = ctx.open_store()?;
    if let Some(path) = &args.report {
        drop(stage(path, |_| Ok(()))?);
    }
    let scripts: Option<Vec<(PathBuf, Vec<String>)>> = files
        .map(|files| {
            files
                .into_iter()
                .map(|f| answers::read(&f, lang).map(|a| (f, a)))
                .collect::<Result<Vec<_>>>()
        })
        .transpose()?;

    let seed = args.seed.unwrap_or_else(rand::random);
    let scenario = &loaded.scenario;
    let compiled = Compiled::new(scenario);
    if scripts.is_none() {
        let mut out = crate::report::safe::stdout();
        report::session::intro(&mut out, lang, scenario).map_err(stdout_error)?;
    }
    let mut entries = Vec::with_capacity(trainees.len());
    let mut records = Vec::with_capacity(trainees.len());
    for (i, name) in trainees.iter().enumerate() {
        let started_at = now();
        let outcome = match &scripts {
            Some(s) => scripted(lang, &compiled, seed, name, &s[i])?,
            None => at_terminal(lang, &compiled, seed, name, (i, trainees.len()))?,
        };
        let summary = outcome.summary(scenario);
        records.push(run::record(name, &loaded, &outcome, &summary, started_at));
        entries.push(Entry {
            trainee: name.clone(),
            outcome,
            summary,
        });
    }
    finish(
        ctx, args, &loaded, &mut store, seed, entries, records, format,
    )
}

/// Names, records and reports a played meeting.
#[allow(clippy::too_many_arguments)]
fn finish(
    ctx: &Ctx,
    args: &MeetingArgs,
    loaded: &Loaded,
    store: &mut Store,
    seed: u64,
    entries: Vec<Entry>,
    mut records: Vec<crate::record::RunRecord>,
    format: Option<Format>,
) -> Result<u8> {
    let lang = ctx.lang;
    // Another meeting may take the same id between looking and recording; the
    // store refuses that atomically, and the meeting is renamed and tried again.
    let mut attempts = 0;
    let (m, staged) = loop {
        let id = free_id(store)?;
        for r in &mut records {
            r.meeting_id = Some(id.clone());
        }
        let m = Meeting {
            id,
            seed,
            scenario: &loaded.scenario,
            entries: entries.clone(),
        };
        // The report is written before the runs are recorded and renamed into place
        // after, so a meeting that cannot be recorded leaves no report claiming it was.
        let staged = match (&args.report, format) {
            (Some(path), Some(f)) => Some((
                path,
                stage(path, |w| {
                    let mut w = report::safe::Safe::new(w, false);
                    report::meeting::report(&mut w, lang, f, &m)?;
                    w.flush()
                })?,
            )),
            _ => None,
        };
        if store.record_meeting(&records)? {
            break (m, staged);
        }
        attempts += 1;
        if attempts >= 10 {
            return Err(Error::Store {
                path: store.path().to_owned(),
                problem: StoreProblem::NoFreeMeetingId,
            });
        }
    };
    if let Some((path, tmp)) = staged {
        tmp.replace()?;
        safe_eprintln!(
            "{}",
            msg::MEETING_REPORT_WRITTEN.fill(lang, &[&path.display()])
        );
    }
    let mut out = crate::report::safe::stdout();
    if args.json {
        report::json::write(&mut out, &report::meeting::to_json(&m))
    } else {
        writeln!(out).and_then(|()| report::meeting::leaderboard(&mut out, lang, &m))
    }
    .map_err(stdout_error)?;
    Ok(if m.passed() { exit::OK } else { exit::FAILED })
}

pub fn harvest(ctx: &Ctx, args: &HarvestArgs) -> Result<u8> {
    let lang = ctx.lang;
    let path = &args.file;
    let (scenario, bytes) = load::load_file(path, lang)?;
    let store = ctx.open_store()?;
    let runs = store.runs(&RunFilter {
        meeting_id: Some(args.meeting.clone()),
        ..Default::default()
    })?;
    drop(store);
    if runs.is_empty() {
        return Err(Usage::HarvestUnknownMeeting {
            meeting: args.meeting.clone(),
        }
        .into());
    }
    if let Some(other) = runs.iter().find(|r| r.run.scenario_id != scenario.id) {
        return Err(Usage::HarvestOtherScenario {
            path: path.clone(),
            meeting: args.meeting.clone(),
            practised: other.run.scenario_id.clone(),
            scenario: scenario.id.clone(),
        }
        .into());
    }
    let hash = content_hash(&bytes);
    if runs.iter().any(|r| r.run.scenario_hash != hash) {
        return Err(Usage::HarvestEdited {
            path: path.clone(),
            meeting: args.meeting.clone(),
        }
        .into());
    }
    let answers = runs
        .iter()
        .flat_map(|r| &r.run.steps)
        .filter(|s| s.score == 100 && s.banned.is_empty())
        .filter_map(|s| Some((scenario.step_index(&s.step_id)?, s.answer.clone())));
    let additions = harvest::select(&scenario, answers);
    if additions.is_empty() {
        safe_println!("{}", msg::HARVEST_NOTHING.fill(lang, &[&args.meeting]));
        return Ok(exit::OK);
    }
    let text =
        yaml::utf8(path, &bytes, lang).map_err(|l| Error::ScenarioInvalid { problems: vec![l] })?;
    let edited =
        harvest::apply(text, &scenario, &additions).map_err(|e| Usage::HarvestNoPlace {
            path: path.clone(),
            step: scenario.steps[e.step].id.clone(),
        })?;
    // Read back: the edit must have added exactly these examples and changed nothing else.
    let not_verified = |problems: Vec<Located>| Usage::HarvestNotVerified {
        path: path.clone(),
        problems,
    };
    let reread = load::parse(path, edited.as_bytes(), lang).map_err(not_verified)?;
    if !harvest::verify(&scenario, &reread, &additions) {
        return Err(not_verified(Vec::new()).into());
    }
    let count: usize = additions.iter().map(|a| a.texts.len()).sum();
    let steps: Vec<&str> = additions
        .iter()
        .map(|a| scenario.steps[a.step].id.as_str())
        .collect();
    let added = msg::HARVEST_ADDED.fill(lang, &[&path.display(), &count, &steps.join(", ")]);
    let mut out = crate::report::safe::stdout();
    if args.dry_run {
        let name = path.display().to_string();
        let diff = similar::TextDiff::from_lines(text, edited.as_str());
        write!(out, "{}", diff.unified_diff().header(&name, &name)).map_err(stdout_error)?;
        safe_eprintln!("{added} {}", msg::HARVEST_DRY_RUN.get(lang));
    } else {
        atomic::edit(path, edited.as_bytes())?;
        writeln!(out, "{added}").map_err(stdout_error)?;
    }
    // The examples already in the file are checked too: harvesting is a good moment
    // to learn that an older one no longer passes.
    let problems = check::examples(path, &reread, lang);
    for p in &problems {
        writeln!(out, "{p}").map_err(stdout_error)?;
    }
    Ok(if problems.is_empty() {
        exit::OK
    } else {
        exit::FAILED
    })
}
