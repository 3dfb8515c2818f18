//! The weekly role-play meeting: several trainees answer the same scenario with the
//! same seed, so each hears the same customer lines while they give the same kind of
//! answers. This module owns what a meeting means once it is played: who ranks where,
//! which answers belong to which step, which answer is the best, how a meeting is
//! named, and how `--answers NAME=FILE` pairs trainees with files. Plain data: playing,
//! recording and rendering happen in `app` and `report`.

use std::cmp::Reverse;
use std::path::PathBuf;

pub use crate::error::SpecProblem;
use crate::record::{MeetingInfo, Missing, RunRecord, StepRecord};
use crate::scenario::model::Scenario;
use crate::scoring::mean;

/// One trainee's finished run, as recorded.
#[derive(Debug, Clone)]
pub struct Entry {
    pub run: RunRecord,
}

impl Entry {
    pub fn trainee(&self) -> &str {
        &self.run.trainee
    }

    /// Banned phrases hit over the whole run: the leaderboard's tie-breaker.
    pub fn banned_hits(&self) -> usize {
        self.run.steps.iter().map(|s| s.counted.banned.len()).sum()
    }

    /// Whether the manager changed the score of any answer.
    pub fn adjusted(&self) -> bool {
        self.run.steps.iter().any(|s| s.review.score.is_some())
    }

    /// The run's score, recomputed as the rounded mean of the answers' scores where
    /// the manager changed one; the engine's otherwise.
    pub fn score(&self) -> u8 {
        if !self.adjusted() {
            return self.run.score;
        }
        let scores: Vec<u8> = self.run.steps.iter().map(score_of).collect();
        mean(&scores)
    }

    pub fn passed(&self) -> bool {
        self.run.passed
    }
}

/// An answer's score: the manager's where given, else the engine's.
pub fn score_of(step: &StepRecord) -> u8 {
    step.review.score.unwrap_or(step.counted.score)
}

/// A meeting as recorded; `entries` are in turn order (trainees skipped during the
/// meeting have none).
#[derive(Debug, Clone)]
pub struct Meeting<'s> {
    pub id: String,
    pub scenario: &'s Scenario,
    pub entries: Vec<Entry>,
    pub info: MeetingInfo,
}

/// One line of the leaderboard. Trainees level on score and banned hits share a rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub rank: usize,
    /// Index into `Meeting::entries`.
    pub entry: usize,
}

/// One answer of a meeting: whose, and which turn of their run.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'m> {
    pub entry: &'m Entry,
    /// Index into the run's steps.
    pub turn: usize,
    pub step: &'m StepRecord,
}

/// Every answer given to one step, in turn order, and the best of them.
#[derive(Debug, Clone)]
pub struct StepAnswers<'m> {
    /// Index into the scenario's steps.
    pub step: usize,
    pub answers: Vec<Answer<'m>>,
    /// Index into `answers`: the manager's pick; else the highest score, given by the
    /// best-ranked trainee, the earliest of theirs; `None` when no answer scored
    /// above 0 and none was picked.
    pub best: Option<usize>,
    /// `best` is the manager's pick.
    pub picked: bool,
}

/// A required item or banned phrase and how many answers missed or hit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missed {
    pub what: Shortfall,
    pub count: usize,
}

/// What an answer got wrong: something it lacked, or a banned phrase it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortfall {
    Missing(Missing),
    Banned(String),
}

impl Shortfall {
    pub fn is_banned(&self) -> bool {
        matches!(self, Shortfall::Banned(_))
    }

    /// The item's label (`question` / `max_chars` for the two checks) or the phrase.
    pub fn text(&self) -> &str {
        match self {
            Shortfall::Missing(m) => m.as_str(),
            Shortfall::Banned(phrase) => phrase,
        }
    }
}

impl Meeting<'_> {
    /// Everyone passed: the meeting's exit code is 0.
    pub fn passed(&self) -> bool {
        self.entries.iter().all(Entry::passed)
    }

    /// When the meeting started: the first run's start, RFC 3339.
    pub fn held_at(&self) -> Option<&str> {
        self.entries.first().map(|e| e.run.started_at.as_str())
    }

    /// The seed every trainee played with.
    pub fn seed(&self) -> u64 {
        self.entries.first().map_or(0, |e| e.run.seed)
    }

    /// Highest score first, then fewer banned hits, then name.
    pub fn leaderboard(&self) -> Vec<Standing> {
        let key = |i: usize| {
            let e = &self.entries[i];
            (Reverse(e.score()), e.banned_hits())
        };
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by(|&a, &b| {
            key(a)
                .cmp(&key(b))
                .then_with(|| self.entries[a].trainee().cmp(self.entries[b].trainee()))
        });
        let mut out: Vec<Standing> = Vec::with_capacity(order.len());
        for (position, &entry) in order.iter().enumerate() {
            let rank = match out.last() {
                Some(prev) if key(prev.entry) == key(entry) => prev.rank,
                _ => position + 1,
            };
            out.push(Standing { rank, entry });
        }
        out
    }

    /// The rank of entry `i`.
    pub fn rank(&self, i: usize) -> usize {
        self.leaderboard()
            .iter()
            .find(|st| st.entry == i)
            .map_or(0, |st| st.rank)
    }

    /// Every answer in turn order, with the scenario step it answered (answers to a
    /// step the scenario no longer has are left out).
    fn answers(&self) -> impl Iterator<Item = (usize, usize, Answer<'_>)> {
        self.entries.iter().enumerate().flat_map(move |(i, entry)| {
            entry
                .run
                .steps
                .iter()
                .enumerate()
                .filter_map(move |(turn, step)| {
                    let index = self.scenario.step_index(&step.step_id)?;
                    Some((index, i, Answer { entry, turn, step }))
                })
        })
    }

    /// The steps anyone answered, in the scenario's order, each with every answer
    /// given to it (a step visited twice by one trainee lists both answers).
    pub fn steps(&self) -> Vec<StepAnswers<'_>> {
        // Among equal scores the best answer is the better-ranked trainee's, then the
        // earlier one, so a retry after a failure does not outshine a first-time pass.
        let mut place = vec![0; self.entries.len()];
        for (position, st) in self.leaderboard().iter().enumerate() {
            place[st.entry] = position;
        }
        (0..self.scenario.steps.len())
            .filter_map(|step| {
                let answers: Vec<(usize, Answer<'_>)> = self
                    .answers()
                    .filter(|(s, _, _)| *s == step)
                    .map(|(_, i, a)| (i, a))
                    .collect();
                if answers.is_empty() {
                    return None;
                }
                let picked = answers.iter().position(|(_, a)| a.step.review.picked);
                let best = picked.or_else(|| {
                    answers
                        .iter()
                        .enumerate()
                        .filter(|(_, (_, a))| score_of(a.step) > 0)
                        .min_by_key(|(n, (i, a))| (Reverse(score_of(a.step)), place[*i], *n))
                        .map(|(n, _)| n)
                });
                Some(StepAnswers {
                    step,
                    answers: answers.into_iter().map(|(_, a)| a).collect(),
                    best,
                    picked: picked.is_some(),
                })
            })
            .collect()
    }

    /// The required items most often missing and the banned phrases most often said,
    /// over every answer: most frequent first, then required before banned, then text.
    pub fn most_missed(&self, limit: usize) -> Vec<Missed> {
        let mut out: Vec<Missed> = Vec::new();
        for (_, _, a) in self.answers() {
            let lacked = a
                .step
                .counted
                .missing
                .iter()
                .cloned()
                .map(Shortfall::Missing);
            let said = a.step.counted.banned.iter().cloned().map(Shortfall::Banned);
            for what in lacked.chain(said) {
                match out.iter_mut().find(|m| m.what == what) {
                    Some(m) => m.count += 1,
                    None => out.push(Missed { what, count: 1 }),
                }
            }
        }
        fn order(m: &Missed) -> (Reverse<usize>, bool, &str) {
            (Reverse(m.count), m.what.is_banned(), m.what.text())
        }
        out.sort_by(|a, b| order(a).cmp(&order(b)));
        out.truncate(limit);
        out
    }
}

/// Readable meeting ids for a day, in the order to try them: `2026-11-23-1`,
/// `2026-11-23-2`… The caller takes the first one its store has not used.
pub fn ids(date: &str) -> impl Iterator<Item = String> + '_ {
    (1_u32..).map(move |n| format!("{date}-{n}"))
}

/// The trainees, trimmed, in turn order; every name present and distinct.
pub fn trainees(names: &[String]) -> Result<Vec<String>, SpecProblem> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let name = name.trim();
        if name.is_empty() {
            return Err(SpecProblem::EmptyName);
        }
        if out.iter().any(|n| n == name) {
            return Err(SpecProblem::DuplicateTrainee(name.to_owned()));
        }
        out.push(name.to_owned());
    }
    Ok(out)
}

/// The trainees named by `NAME=FILE` specs, in the order given: `--answers` alone
/// says who takes part.
pub fn names_in_answers(specs: &[String]) -> Result<Vec<String>, SpecProblem> {
    let mut out: Vec<String> = Vec::with_capacity(specs.len());
    for spec in specs {
        let name = match spec.split_once('=') {
            Some((name, file)) if !name.trim().is_empty() && !file.is_empty() => name.trim(),
            _ => return Err(SpecProblem::Malformed(spec.clone())),
        };
        if out.iter().any(|n| n == name) {
            return Err(SpecProblem::DuplicateAnswers(name.to_owned()));
        }
        out.push(name.to_owned());
    }
    Ok(out)
}

/// Pairs each trainee, in turn order, with the answers file named by a `NAME=FILE`
/// spec. Every trainee needs exactly one; a spec must name a trainee.
pub fn answer_files(trainees: &[String], specs: &[String]) -> Result<Vec<PathBuf>, SpecProblem> {
    let mut files: Vec<Option<PathBuf>> = vec![None; trainees.len()];
    for spec in specs {
        let Some((name, file)) = spec.split_once('=') else {
            return Err(SpecProblem::Malformed(spec.clone()));
        };
        let name = name.trim();
        if name.is_empty() || file.is_empty() {
            return Err(SpecProblem::Malformed(spec.clone()));
        }
        let Some(i) = trainees.iter().position(|t| t == name) else {
            return Err(SpecProblem::UnknownTrainee(name.to_owned()));
        };
        if files[i].is_some() {
            return Err(SpecProblem::DuplicateAnswers(name.to_owned()));
        }
        files[i] = Some(PathBuf::from(file));
    }
    trainees
        .iter()
        .zip(files)
        .map(|(t, f)| f.ok_or_else(|| SpecProblem::MissingAnswers(t.clone())))
        .collect()
}

#[cfg(test)]
pub(crate) mod fixture {
    //! Played and recorded runs for the unit tests of meetings and their reports.

    use super::Entry;
    use crate::record::RunRecord;
    use crate::scenario::model::Scenario;
    use crate::scoring::Compiled;
    use crate::session::{self, Scripted};

    /// Each `(name, answers)` played on `scenario` with `seed`, in order, recorded
    /// as a meeting held on 2026-11-23 from 09:00 UTC, a run every ten minutes.
    pub fn entries(scenario: &Scenario, seed: u64, runs: &[(&str, &[&str])]) -> Vec<Entry> {
        let compiled = Compiled::new(scenario);
        runs.iter()
            .enumerate()
            .map(|(n, (name, answers))| {
                let answers: Vec<String> = answers.iter().map(|a| (*a).to_owned()).collect();
                let outcome = match session::scripted(&compiled, seed, &answers) {
                    Scripted::Finished { outcome, .. } => outcome,
                    short => panic!("{short:?}"),
                };
                let summary = outcome.summary(scenario);
                Entry {
                    run: RunRecord {
                        trainee: (*name).to_owned(),
                        scenario_id: scenario.id.clone(),
                        scenario_hash: "h".into(),
                        seed,
                        started_at: format!("2026-11-23T09:{}0:00Z", n % 6),
                        finished_at: format!("2026-11-23T09:{}5:00Z", n % 6),
                        score: summary.score,
                        passed: summary.passed,
                        walked_out: summary.walked_out,
                        meeting_id: Some("2026-11-23-1".into()),
                        steps: outcome.steps(scenario),
                    },
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
