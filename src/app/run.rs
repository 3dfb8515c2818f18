//! Wiring of `run` (answers file or terminal) and of the home menu.

use std::io::Write;
use std::path::Path;

use crate::cli::{ProgressArgs, RunArgs};
use crate::error::{Error, Result, Usage, exit};
use crate::i18n::{Lang, msg};
use crate::library::{self, Library, Loaded};
use crate::record::RunRecord;
use crate::report;
use crate::scenario::model::{Skill, Summary};
use crate::scoring::Compiled;
use crate::session::{self, Scripted};
use crate::simulate::Outcome;
use crate::ui;
use crate::yaml::answers;

use super::{Ctx, content_hash, now, stdout_error};

/// How one run is played and what is done with it.
struct Play<'a> {
    seed: u64,
    answers: Option<&'a Path>,
    json: bool,
    record: bool,
}

pub fn run(ctx: &Ctx, args: &RunArgs) -> Result<u8> {
    // The scenario first: a mistyped id is told (with the ids near it) before
    // what else the command lacks.
    let loaded = library::resolve(&args.scenario, ctx.lang)?;
    if args.answers.is_none() && !ctx.interactive {
        return Err(Usage::RunNeedsAnswers.into());
    }
    let play = Play {
        seed: args.seed.unwrap_or_else(rand::random),
        answers: args.answers.as_deref(),
        json: args.json,
        record: !args.no_record,
    };
    if play.answers.is_some() {
        return play_one(ctx, &loaded, &play);
    }
    practise(ctx, loaded, args.seed, !args.no_record, msg::AGAIN_DONE)
}

/// What to do after a run at the terminal.
enum After {
    Same,
    Other(Box<Loaded>),
    Done,
}

/// Plays `first` at the terminal, then offers to run it again or the recommended
/// scenario, until the trainee is done; the last run's exit code. A given seed is
/// kept for every run, otherwise each run draws its own.
fn practise(
    ctx: &Ctx,
    first: Loaded,
    seed: Option<u64>,
    record: bool,
    done: crate::i18n::T,
) -> Result<u8> {
    let mut current = first;
    loop {
        let play = Play {
            seed: seed.unwrap_or_else(rand::random),
            answers: None,
            json: false,
            record,
        };
        let code = play_one(ctx, &current, &play)?;
        match offer_again(ctx, &current, done)? {
            After::Same => {}
            After::Other(next) => current = *next,
            After::Done => return Ok(code),
        }
    }
}

/// The menu after a run: the same scenario again, the recommended one, or done.
fn offer_again(ctx: &Ctx, current: &Loaded, done: crate::i18n::T) -> Result<After> {
    let lang = ctx.lang;
    let library = Library::read(lang);
    let runs = match (ctx.db_path(), ctx.trainee()) {
        (Ok(path), Ok(trainee)) if path.exists() => {
            ctx.open_store_at(&path)?.runs(&crate::store::RunFilter {
                trainee: Some(trainee),
                ..Default::default()
            })?
        }
        _ => Vec::new(),
    };
    let mut options = vec![(msg::AGAIN_SAME.get(lang).to_owned(), None)];
    if let Some((id, reason)) = recommended(&library, &runs, lang)
        && id != current.scenario.id
        && let Some(i) = library.position(&id)
    {
        let label = format!("{}({})", library.summaries[i].title, reason);
        options.push((msg::AGAIN_NEXT.fill(lang, &[&label]), Some(i)));
    }
    options.push((done.get(lang).to_owned(), None));
    let last = options.len() - 1;
    let labels: Vec<String> = options.iter().map(|(l, _)| l.clone()).collect();
    let Some(choice) = ui::choose(lang, msg::AGAIN_PROMPT.get(lang), labels)? else {
        return Ok(After::Done);
    };
    let picked = options.iter().position(|(l, _)| *l == choice);
    Ok(match picked {
        Some(0) => After::Same,
        Some(i) if i == last => After::Done,
        Some(i) => match options[i].1 {
            Some(k) => match library.load(k) {
                Ok(next) => After::Other(Box::new(next)),
                Err(e) => {
                    edited_since_listed(&e, lang);
                    After::Done
                }
            },
            None => After::Done,
        },
        None => After::Done,
    })
}

fn play_one(ctx: &Ctx, loaded: &Loaded, play: &Play) -> Result<u8> {
    let lang = ctx.lang;
    let scenario = &loaded.scenario;
    // The database and the name are settled before the session, so a bad
    // database is reported before anyone spends time answering.
    let recorder = match (play.record, ctx.db_path()) {
        (false, _) => None,
        (true, Ok(path)) => Some((ctx.open_store_at(&path)?, ctx.trainee()?)),
        // No home directory and no --db: a scripted run still runs, unrecorded; a
        // database that exists but cannot be used is never skipped like this.
        (true, Err(e)) if play.answers.is_some() => {
            safe_eprintln!(
                "{}",
                msg::NOT_RECORDED.fill(lang, &[&crate::i18n::render_error(&e, lang)])
            );
            None
        }
        (true, Err(e)) => return Err(e),
    };
    let answers = play.answers.map(|p| answers::read(p, lang)).transpose()?;
    let compiled = Compiled::new(scenario);
    let started_at = now();
    let outcome = match (&answers, play.answers) {
        (Some(list), Some(path)) => {
            let (outcome, unused) = match session::scripted(&compiled, play.seed, list) {
                Scripted::Finished { outcome, unused } => (outcome, unused),
                Scripted::Short { step, number } => {
                    return Err(Error::AnswersShort {
                        path: path.to_owned(),
                        step,
                        number,
                    });
                }
            };
            if unused > 0 {
                safe_eprintln!(
                    "{}",
                    msg::ANSWERS_EXTRA.fill(lang, &[&path.display(), &unused])
                );
            }
            outcome
        }
        _ => {
            let mut out = crate::report::safe::stdout();
            report::session::intro(&mut out, lang, scenario).map_err(stdout_error)?;
            drop(out);
            session::run(&compiled, play.seed, &mut ui::Terminal::new(lang))?
        }
    };
    let summary = outcome.summary(scenario);
    if let Some((mut store, trainee)) = recorder {
        let record = record(&trainee, loaded, &outcome, &summary, started_at);
        store.record_run(&record)?;
    }
    let mut out = crate::report::safe::stdout();
    let written = if play.json {
        report::json::write(&mut out, &report::json::run(scenario, &outcome, &summary))
    } else if play.answers.is_some() {
        report::text::run(&mut out, lang, scenario, &outcome, &summary)
    } else {
        report::session::ending(&mut out, lang, scenario, &outcome)
            .and_then(|()| report::session::summary(&mut out, lang, scenario, &outcome, &summary))
    };
    written.map_err(stdout_error)?;
    Ok(if summary.passed {
        exit::OK
    } else {
        exit::FAILED
    })
}

pub(super) fn record(
    trainee: &str,
    loaded: &Loaded,
    outcome: &Outcome,
    summary: &crate::scoring::Summary,
    started_at: String,
) -> RunRecord {
    let scenario = &loaded.scenario;
    RunRecord {
        trainee: trainee.to_owned(),
        scenario_id: scenario.id.clone(),
        scenario_hash: content_hash(&loaded.bytes),
        seed: outcome.seed,
        started_at,
        finished_at: now(),
        score: summary.score,
        passed: summary.passed,
        walked_out: summary.walked_out,
        meeting_id: None,
        steps: outcome.steps(scenario),
    }
}

/// One entry of the home menu.
#[derive(Clone)]
enum Home {
    Recommended(usize),
    BySkill,
    Progress,
    Quit,
}

/// `rehearse` on a terminal: a menu until the trainee quits.
pub fn home(ctx: &Ctx) -> Result<u8> {
    let lang = ctx.lang;
    let trainee = ctx.trainee()?;
    loop {
        let library = Library::read(lang);
        if library.summaries.is_empty() {
            return Err(Usage::NoScenarios.into());
        }
        let store = ctx.open_store()?;
        let runs = store.runs(&crate::store::RunFilter {
            trainee: Some(trainee.clone()),
            ..Default::default()
        })?;
        drop(store);
        let mut options: Vec<(String, Home)> = Vec::new();
        if let Some((id, reason)) = recommended(&library, &runs, lang)
            && let Some(i) = library.position(&id)
        {
            let label = format!("{}({})", library.summaries[i].title, reason);
            options.push((
                msg::HOME_CONTINUE.fill(lang, &[&label]),
                Home::Recommended(i),
            ));
        }
        options.push((msg::HOME_BY_SKILL.get(lang).to_owned(), Home::BySkill));
        options.push((msg::HOME_PROGRESS.get(lang).to_owned(), Home::Progress));
        options.push((msg::HOME_QUIT.get(lang).to_owned(), Home::Quit));
        let labels: Vec<String> = options.iter().map(|(l, _)| l.clone()).collect();
        let Some(choice) = ui::choose(lang, msg::HOME_PROMPT.get(lang), labels)? else {
            return Ok(exit::OK);
        };
        let action = options
            .into_iter()
            .find(|(l, _)| *l == choice)
            .map_or(Home::Quit, |(_, a)| a);
        let picked = match action {
            Home::Quit => {
                safe_println!("{}", msg::BYE.get(lang));
                return Ok(exit::OK);
            }
            Home::Progress => {
                super::progress::progress(
                    ctx,
                    &ProgressArgs {
                        json: false,
                        report: None,
                    },
                )?;
                continue;
            }
            Home::Recommended(i) => Some(i),
            Home::BySkill => pick_by_skill(ctx, &library.summaries, &runs)?,
        };
        let Some(i) = picked else { continue };
        let first = match library.load(i) {
            Ok(first) => first,
            Err(e) => {
                edited_since_listed(&e, lang);
                continue;
            }
        };
        match practise(ctx, first, None, true, msg::AGAIN_HOME) {
            Ok(_) => {}
            // Esc inside a session leads back to the menu; nothing was recorded.
            Err(Error::Interrupted) => safe_eprintln!("{}", msg::INTERRUPTED.get(lang)),
            Err(e) => return Err(e),
        }
        let _ = std::io::stdout().flush();
    }
}

/// A scenario picked from a menu that no longer reads as it did when the menu was
/// shown (its file edited or removed since): the error is shown and nothing is played.
fn edited_since_listed(e: &Error, lang: Lang) {
    safe_eprintln!("{}", crate::i18n::render_error(e, lang));
}

fn pick_by_skill(
    ctx: &Ctx,
    scenarios: &[Summary],
    runs: &[crate::record::StoredRun],
) -> Result<Option<usize>> {
    let lang = ctx.lang;
    let skills: Vec<Skill> = Skill::ALL
        .into_iter()
        .filter(|k| scenarios.iter().any(|s| s.skill == *k))
        .collect();
    let labels: Vec<&str> = skills.iter().map(|k| k.display(lang)).collect();
    let Some(label) = ui::choose(lang, msg::PICK_SKILL.get(lang), labels.clone())? else {
        return Ok(None);
    };
    let Some(skill) = labels.iter().position(|l| *l == label).map(|i| skills[i]) else {
        return Ok(None);
    };
    let mut items: Vec<(String, usize)> = Vec::new();
    for (i, s) in scenarios.iter().enumerate() {
        if s.skill != skill {
            continue;
        }
        let best = runs
            .iter()
            .filter(|r| r.run.scenario_id == s.id)
            .map(|r| r.run.score)
            .max();
        let best = best.map_or_else(
            || msg::NEVER_TRIED.get(lang).to_owned(),
            |b| msg::BEST_SCORE.fill(lang, &[&b]),
        );
        let label = msg::PICK_SCENARIO_ITEM.fill(lang, &[&s.id, &s.title, &s.difficulty, &best]);
        items.push((label, i));
    }
    items.sort_by_key(|(_, i)| (scenarios[*i].difficulty, *i));
    let labels: Vec<String> = items.iter().map(|(l, _)| l.clone()).collect();
    let Some(choice) = ui::choose(lang, msg::PICK_SCENARIO.get(lang), labels)? else {
        return Ok(None);
    };
    Ok(items
        .into_iter()
        .find(|(l, _)| *l == choice)
        .map(|(_, i)| i))
}

/// The recommended next scenario and why.
fn recommended(
    library: &Library,
    runs: &[crate::record::StoredRun],
    lang: Lang,
) -> Option<(String, String)> {
    crate::progress::recommend(&library.summaries, runs, lang).map(|r| (r.scenario_id, r.reason))
}
