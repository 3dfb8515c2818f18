//! Wiring of `harvest`: a meeting's chosen answers (fully passing ones only) become
//! the best answers (`best_answers`, 优秀话术) of their steps in the scenario file,
//! edited in place. The manager chooses on a terminal, or names them with `--pick`;
//! without either every fully passing answer is taken. A file changed since the
//! meeting only by earlier harvests (recorded in the store) is still the file the
//! meeting was held on; any other change refuses the harvest.

use std::io::Write;
use std::path::Path;

use crate::atomic;
use crate::check;
use crate::cli::HarvestArgs;
use crate::error::{Error, Located, Result, Usage, exit};
use crate::harvest::{self, Addition, Target};
use crate::i18n::{Lang, msg};
use crate::record::StoredRun;
use crate::scenario::load;
use crate::scenario::model::Scenario;
use crate::store::{RunFilter, Store};
use crate::ui;
use crate::yaml;

use super::super::{Ctx, content_hash, now, stdout_error, unknown_meeting, unknown_step};

/// A fully passing answer of the meeting, one the manager may keep.
struct Candidate {
    trainee: String,
    /// Index into the scenario's steps.
    step: usize,
    answer: String,
    picked: bool,
}

/// The meeting's runs; each must be of this scenario, held on this file as it is
/// now or as it was before harvests only.
fn meeting_runs(
    store: &Store,
    path: &Path,
    meeting: &str,
    scenario: &Scenario,
    hash: &str,
) -> Result<Vec<StoredRun>> {
    let runs = store.runs(&RunFilter {
        meeting_id: Some(meeting.to_owned()),
        ..Default::default()
    })?;
    if runs.is_empty() {
        return Err(unknown_meeting(Some(store), meeting));
    }
    if let Some(other) = runs.iter().find(|r| r.run.scenario_id != scenario.id) {
        return Err(Usage::HarvestOtherScenario {
            path: path.to_owned(),
            meeting: meeting.to_owned(),
            practised: other.run.scenario_id.clone(),
            scenario: scenario.id.clone(),
        }
        .into());
    }
    for r in &runs {
        if !store.harvested_from(&r.run.scenario_hash, hash)? {
            return Err(Usage::HarvestEdited {
                path: path.to_owned(),
                meeting: meeting.to_owned(),
            }
            .into());
        }
    }
    Ok(runs)
}

/// Every fully passing answer (score 100, no banned phrase), in turn order.
fn candidates(scenario: &Scenario, runs: &[StoredRun]) -> Vec<Candidate> {
    runs.iter()
        .flat_map(|r| r.run.steps.iter().map(move |s| (&r.run.trainee, s)))
        .filter(|(_, s)| s.counted.score == 100 && s.counted.banned.is_empty())
        .filter_map(|(trainee, s)| {
            Some(Candidate {
                trainee: trainee.clone(),
                step: scenario.step_index(&s.step_id)?,
                answer: s.counted.answer.clone(),
                picked: s.review.picked,
            })
        })
        .collect()
}

/// The answers named by `--pick NAME` or `--pick NAME:STEP`; each must name one.
fn by_pick(
    scenario: &Scenario,
    meeting: &str,
    picks: &[String],
    all: Vec<Candidate>,
) -> Result<Vec<Candidate>> {
    let wanted: Vec<(&str, Option<&str>)> = picks
        .iter()
        .map(|p| match p.split_once(':') {
            Some((name, step)) => (name.trim(), Some(step.trim())),
            None => (p.trim(), None),
        })
        .collect();
    let matches = |c: &Candidate, (name, step): (&str, Option<&str>)| {
        c.trainee == name && step.is_none_or(|s| scenario.steps[c.step].id == s)
    };
    for (pick, w) in picks.iter().zip(&wanted) {
        if let (_, Some(step)) = w
            && scenario.step_index(step).is_none()
        {
            return Err(unknown_step(scenario, step));
        }
        if !all.iter().any(|c| matches(c, *w)) {
            let mut trainees: Vec<&str> = Vec::new();
            for c in &all {
                if !trainees.contains(&c.trainee.as_str()) {
                    trainees.push(&c.trainee);
                }
            }
            return Err(Usage::HarvestPickNone {
                pick: pick.clone(),
                meeting: meeting.to_owned(),
                near: crate::text::suggest::near_titled(w.0, trainees.into_iter().map(|t| (t, ""))),
            }
            .into());
        }
    }
    Ok(all
        .into_iter()
        .filter(|c| wanted.iter().any(|w| matches(c, *w)))
        .collect())
}

/// The answers to keep: `--pick`, else the manager's choice on a terminal (the
/// answers picked at the meeting chosen to start with), else all of them.
fn choose(
    ctx: &Ctx,
    args: &HarvestArgs,
    scenario: &Scenario,
    all: Vec<Candidate>,
) -> Result<Vec<Candidate>> {
    let lang = ctx.lang;
    if !args.pick.is_empty() {
        return by_pick(scenario, &args.meeting, &args.pick, all);
    }
    if !ctx.interactive || all.is_empty() {
        return Ok(all);
    }
    let labels: Vec<String> = all
        .iter()
        .map(|c| {
            let step = crate::report::meeting::step_name(scenario, c.step);
            format!("{step} · {}: {}", c.trainee, c.answer)
        })
        .collect();
    let picked: Vec<usize> = (0..all.len()).filter(|&i| all[i].picked).collect();
    let chosen = ui::meeting::choose_many(lang, msg::HARVEST_CHOOSE.get(lang), labels, &picked)?
        .ok_or(Error::Interrupted)?;
    Ok(all
        .into_iter()
        .enumerate()
        .filter(|(i, _)| chosen.contains(i))
        .map(|(_, c)| c)
        .collect())
}

/// The file's text with the additions made, and that text read back, checked to
/// hold exactly the additions and nothing else changed.
fn edited(
    lang: Lang,
    path: &Path,
    text: &str,
    scenario: &Scenario,
    additions: &[Addition],
) -> Result<(String, Scenario)> {
    let edited = harvest::apply(text, scenario, Target::BestAnswers, additions).map_err(|e| {
        Usage::HarvestNoPlace {
            path: path.to_owned(),
            step: scenario.steps[e.step].id.clone(),
        }
    })?;
    let not_verified = |problems: Vec<Located>| Usage::HarvestNotVerified {
        path: path.to_owned(),
        problems,
    };
    let reread = load::parse(path, edited.as_bytes(), lang).map_err(not_verified)?;
    if !harvest::verify(scenario, &reread, Target::BestAnswers, additions) {
        return Err(not_verified(Vec::new()).into());
    }
    Ok((edited, reread))
}

pub fn harvest(ctx: &Ctx, args: &HarvestArgs) -> Result<u8> {
    let lang = ctx.lang;
    let path = &args.file;
    let (scenario, bytes) = load::load_file(path, lang)?;
    let hash = content_hash(&bytes);
    let mut store = ctx.open_store()?;
    let runs = meeting_runs(&store, path, &args.meeting, &scenario, &hash)?;
    let chosen = choose(ctx, args, &scenario, candidates(&scenario, &runs))?;
    let answers = chosen.into_iter().map(|c| (c.step, c.answer));
    let additions = harvest::select(&scenario, Target::BestAnswers, answers);
    if additions.is_empty() {
        safe_println!("{}", msg::HARVEST_NOTHING.fill(lang, &[&args.meeting]));
        return Ok(exit::OK);
    }
    let text =
        yaml::utf8(path, &bytes, lang).map_err(|l| Error::ScenarioInvalid { problems: vec![l] })?;
    let (edited, reread) = edited(lang, path, text, &scenario, &additions)?;
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
        store.record_harvest(
            &args.meeting,
            &hash,
            &content_hash(edited.as_bytes()),
            &now(),
        )?;
        writeln!(out, "{added}").map_err(stdout_error)?;
    }
    // The examples already in the file are checked too: harvesting is a good moment
    // to learn that an older one no longer passes.
    let problems = check::examples(path, &edited, &reread, lang);
    for p in &problems {
        writeln!(out, "{p}").map_err(stdout_error)?;
    }
    Ok(if problems.is_empty() {
        exit::OK
    } else {
        exit::FAILED
    })
}
