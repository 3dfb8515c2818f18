//! Wiring of the weekly role-play meeting: `meeting` plays every trainee's run with
//! one seed (on the terminal, or from `--answers NAME=FILE`), records them under one
//! meeting id in one transaction and writes the report; `harvest` turns a meeting's
//! fully passing answers into a scenario file's pass examples. Files are written
//! whole through `atomic`: reports replaced, the scenario edited in place.

use std::io::Write;
use std::path::PathBuf;

use jiff::tz::TimeZone;

use crate::atomic::stage;
use crate::cli::MeetingArgs;
use crate::error::{Error, Result, StoreProblem, Usage, exit};
use crate::i18n::{Lang, msg};
use crate::library::{self, Loaded};
use crate::meeting::{self, Entry, Meeting};
use crate::record::{MeetingInfo, RunRecord};
use crate::report::{self, meeting::Format};
use crate::scoring::{Compiled, Summary};
use crate::session::{self, Scripted};
use crate::simulate::Outcome;
use crate::store::{RunFilter, Store};
use crate::ui;
use crate::yaml::answers;

use super::{Ctx, now, run, stdout_error};

mod harvest;
mod review;
mod rounds;

pub use harvest::harvest;

/// One trainee's finished run, before it is recorded.
struct Played {
    trainee: String,
    outcome: Outcome,
    summary: Summary,
    record: RunRecord,
}

/// One trainee's run from their answers file.
fn scripted(
    lang: Lang,
    compiled: &Compiled,
    seed: u64,
    name: &str,
    (path, answers): &(PathBuf, Vec<String>),
) -> Result<Outcome> {
    let (outcome, unused) = match session::scripted(compiled, seed, answers) {
        Scripted::Finished { outcome, unused } => (outcome, unused),
        Scripted::Short { step, number } => {
            return Err(Usage::MeetingAnswersShort {
                trainee: name.to_owned(),
                path: path.clone(),
                step,
                number,
            }
            .into());
        }
    };
    if unused > 0 {
        let warning = msg::MEETING_ANSWERS_EXTRA.fill(lang, &[&name, &path.display(), &unused]);
        safe_eprintln!("{warning}");
    }
    Ok(outcome)
}

/// How a trainee's turn at the terminal ended.
enum TurnEnd {
    Played(Outcome),
    Skipped,
    /// The manager ended the meeting; the turns played so far stand.
    EndMeeting,
}

/// What the manager chose after a turn was interrupted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AfterEsc {
    Retry,
    Skip,
    End,
}

/// A trainee's turn was cut short (Esc, Ctrl-C): retry, skip or end the meeting.
/// Esc here ends the meeting.
fn after_interrupt(lang: Lang, name: &str) -> Result<AfterEsc> {
    let options = [
        (AfterEsc::Retry, msg::MEETING_RETRY.fill(lang, &[&name])),
        (AfterEsc::Skip, msg::MEETING_SKIP.fill(lang, &[&name])),
        (AfterEsc::End, msg::MEETING_END.get(lang).to_owned()),
    ];
    let labels: Vec<String> = options.iter().map(|(_, l)| l.clone()).collect();
    let title = msg::MEETING_INTERRUPTED.fill(lang, &[&name]);
    let chosen = ui::choose(lang, &title, labels)?;
    Ok(options
        .iter()
        .find(|(_, l)| Some(l) == chosen.as_ref())
        .map_or(AfterEsc::End, |(a, _)| *a))
}

/// The last turn, shown to the room at the top of the next: who, and their score
/// and whether they passed (`None`: skipped).
type LastTurn = (String, Option<(u8, bool)>);

/// One trainee's turn at the terminal: the screen cleared (the last trainee's score
/// stays, their answers go), the turn announced, the scenario's brief, then the
/// conversation. Esc hands the choice to the manager.
fn at_terminal(
    lang: Lang,
    compiled: &Compiled,
    seed: u64,
    name: &str,
    turn: (usize, usize),
    last: Option<&LastTurn>,
) -> Result<TurnEnd> {
    loop {
        let played = (|| {
            report::meeting::clear_screen(&mut std::io::stdout()).map_err(stdout_error)?;
            let mut out = crate::report::safe::stdout();
            match last {
                Some((who, Some((score, passed)))) => {
                    report::meeting::turn_done(&mut out, lang, who, *score, *passed)
                }
                Some((who, None)) => report::meeting::skipped(&mut out, lang, who),
                None => Ok(()),
            }
            .map_err(stdout_error)?;
            drop(out);
            take_the_seat(lang, compiled, name, turn)?;
            session::run(
                compiled,
                seed,
                &mut ui::Terminal::new(lang).without_retries(),
            )
        })();
        match played {
            Ok(outcome) => {
                let summary = outcome.summary(compiled.scenario);
                let mut out = crate::report::safe::stdout();
                report::meeting::turn_done(&mut out, lang, name, summary.score, summary.passed)
                    .map_err(stdout_error)?;
                return Ok(TurnEnd::Played(outcome));
            }
            Err(Error::Interrupted) => match after_interrupt(lang, name)? {
                AfterEsc::Retry => continue,
                AfterEsc::Skip => {
                    let mut out = crate::report::safe::stdout();
                    report::meeting::skipped(&mut out, lang, name).map_err(stdout_error)?;
                    return Ok(TurnEnd::Skipped);
                }
                AfterEsc::End => return Ok(TurnEnd::EndMeeting),
            },
            Err(e) => return Err(e),
        }
    }
}

/// Whose turn it is and the scenario's brief, then the trainee starts when ready;
/// Esc there interrupts the turn.
fn take_the_seat(lang: Lang, compiled: &Compiled, name: &str, turn: (usize, usize)) -> Result<()> {
    let mut out = crate::report::safe::stdout();
    report::meeting::turn(&mut out, lang, name, turn).map_err(stdout_error)?;
    report::session::intro(&mut out, lang, compiled.scenario).map_err(stdout_error)?;
    drop(out);
    let start = msg::MEETING_START.get(lang);
    let ready = msg::MEETING_NEXT.fill(lang, &[&name]);
    match ui::choose(lang, &ready, vec![start])? {
        Some(_) => Ok(()),
        None => Err(Error::Interrupted),
    }
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

/// The trainees in turn order: `--trainees`, else the names of `--answers`.
fn trainees(args: &MeetingArgs) -> Result<Vec<String>> {
    let names = if args.trainees.is_empty() {
        meeting::names_in_answers(&args.answers).map_err(Usage::Meeting)?
    } else {
        args.trainees.clone()
    };
    if names.is_empty() {
        return Err(Usage::Meeting(meeting::SpecProblem::NoTrainees).into());
    }
    Ok(meeting::trainees(&names).map_err(Usage::Meeting)?)
}

/// Who holds the meeting and where: the options, else the config file (the
/// branch's name where it has one, its hub code otherwise).
pub(super) fn meeting_info(
    ctx: &Ctx,
    branch: &Option<String>,
    facilitator: &Option<String>,
) -> Result<MeetingInfo> {
    let config = ctx.read_config()?;
    Ok(MeetingInfo {
        branch: branch.clone().or(config.branch_name).or(config.branch),
        facilitator: facilitator.clone().or(config.facilitator),
        scenario_file: None,
    })
}

pub fn meeting(ctx: &Ctx, args: &MeetingArgs) -> Result<u8> {
    let lang = ctx.lang;
    let trainees = trainees(args)?;
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
    let mut info = meeting_info(ctx, &args.branch, &args.facilitator)?;
    // A file on disk is remembered, so a report from the record finds the very
    // scenario the meeting played, even where another file shares its id.
    info.scenario_file = loaded
        .path
        .is_file()
        .then(|| std::path::absolute(&loaded.path).ok())
        .flatten()
        .map(|p| p.to_string_lossy().into_owned());
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
    let compiled = Compiled::new(&loaded.scenario);
    let mut played: Vec<Played> = Vec::with_capacity(trainees.len());
    let seat = |name: &String, outcome: Outcome, started_at: String| {
        let summary = outcome.summary(&loaded.scenario);
        let record = run::record(name, &loaded, &outcome, &summary, started_at);
        Played {
            trainee: name.clone(),
            outcome,
            summary,
            record,
        }
    };
    if args.rounds && scripts.is_none() {
        for (i, outcome, started_at) in rounds::play(lang, &compiled, seed, &trainees)? {
            played.push(seat(&trainees[i], outcome, started_at));
        }
    } else {
        let mut last: Option<LastTurn> = None;
        for (i, name) in trainees.iter().enumerate() {
            let started_at = now();
            let turn = (i, trainees.len());
            let outcome = match &scripts {
                Some(s) => scripted(lang, &compiled, seed, name, &s[i])?,
                None => match at_terminal(lang, &compiled, seed, name, turn, last.as_ref())? {
                    TurnEnd::Played(outcome) => outcome,
                    TurnEnd::Skipped => {
                        last = Some((name.clone(), None));
                        continue;
                    }
                    TurnEnd::EndMeeting => break,
                },
            };
            let turn = seat(name, outcome, started_at);
            last = Some((
                name.clone(),
                Some((turn.summary.score, turn.summary.passed)),
            ));
            played.push(turn);
        }
    }
    if played.is_empty() {
        safe_eprintln!("{}", msg::MEETING_NOTHING_PLAYED.get(lang));
        return Err(Error::Interrupted);
    }
    if scripts.is_none() {
        review::review(lang, &loaded.scenario, &store, &mut played)?;
    }
    let done = Done {
        loaded: &loaded,
        info,
        format,
    };
    finish(ctx, args, &mut store, &played, &done)
}

/// What `finish` needs besides the runs.
struct Done<'a> {
    loaded: &'a Loaded,
    info: MeetingInfo,
    format: Option<Format>,
}

/// Names, records and reports a played meeting.
fn finish(
    ctx: &Ctx,
    args: &MeetingArgs,
    store: &mut Store,
    played: &[Played],
    done: &Done,
) -> Result<u8> {
    let lang = ctx.lang;
    let tz = TimeZone::system();
    let mut records: Vec<RunRecord> = played.iter().map(|p| p.record.clone()).collect();
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
            scenario: &done.loaded.scenario,
            entries: records.iter().map(|r| Entry { run: r.clone() }).collect(),
            info: done.info.clone(),
        };
        // The report is written before the runs are recorded and renamed into place
        // after, so a meeting that cannot be recorded leaves no report claiming it was.
        let staged = match (&args.report, done.format) {
            (Some(path), Some(f)) => Some((path, stage_report(path, lang, f, &m, &tz)?)),
            _ => None,
        };
        if store.record_meeting(&records, &done.info)? {
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
        let runs = played
            .iter()
            .map(|p| report::meeting::TraineeRunJson {
                trainee: &p.trainee,
                run: report::json::run(m.scenario, &p.outcome, &p.summary),
            })
            .collect();
        report::json::write(&mut out, &report::meeting::to_json(&m, runs))
    } else {
        writeln!(out).and_then(|()| report::meeting::leaderboard(&mut out, lang, &m))
    }
    .map_err(stdout_error)?;
    Ok(if m.passed() { exit::OK } else { exit::FAILED })
}

/// The meeting's report written whole into a temporary file beside `path`.
pub(super) fn stage_report(
    path: &std::path::Path,
    lang: Lang,
    format: Format,
    m: &Meeting,
    tz: &TimeZone,
) -> Result<crate::atomic::Staged> {
    stage(path, |w| {
        let mut w = report::safe::Safe::new(w, false);
        report::meeting::report(&mut w, lang, format, m, tz)?;
        w.flush()
    })
}
