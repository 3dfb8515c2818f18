//! The turn loop: a [`Trainee`] answers the simulated customer until the
//! conversation ends. The trainee may be a person at a terminal, an answers file,
//! or one participant of a meeting; the loop is the same for all.

use crate::error::Result;
use crate::scoring::Compiled;
use crate::simulate::{Attempt, Help, Outcome, Prompt, Simulation};

/// An answer as the trainee gives it, with the help seen on this step before it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answer {
    pub text: String,
    pub help: Help,
}

impl From<String> for Answer {
    fn from(text: String) -> Answer {
        Answer {
            text,
            help: Help::default(),
        }
    }
}

/// What the trainee does after seeing an answer's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// The answer counts and the conversation moves on.
    GoOn,
    /// The answer is taken back and the same line is tried again (failed answers only).
    Retry,
}

pub trait Trainee {
    /// The answer to the customer's line (asked again, the same line, after a retry).
    /// An error ends the session unrecorded (no answer left, the trainee quit).
    fn answer(&mut self, sim: &Simulation<'_, '_>, prompt: &Prompt) -> Result<Answer>;

    /// Called after each answer is scored, before it counts: a failed answer may be
    /// taken back to try the line again.
    fn feedback(
        &mut self,
        _sim: &Simulation<'_, '_>,
        _prompt: &Prompt,
        _attempt: &Attempt,
    ) -> Result<Then> {
        Ok(Then::GoOn)
    }
}

/// Plays the conversation to its end. A retried answer is kept with its turn but
/// neither scored nor charged to the customer's patience; the answer that moves the
/// conversation on is scored as spec §3 says.
pub fn run(compiled: &Compiled<'_>, seed: u64, trainee: &mut dyn Trainee) -> Result<Outcome> {
    let mut sim = Simulation::new(compiled, seed);
    while let Some(prompt) = sim.prompt().cloned() {
        let given = trainee.answer(&sim, &prompt)?;
        let Some(verdict) = sim.score(&given.text) else {
            break;
        };
        let attempt = Attempt {
            answer: given.text,
            verdict,
            help: given.help,
        };
        match trainee.feedback(&sim, &prompt, &attempt)? {
            Then::Retry if !attempt.verdict.passed => sim.retry(attempt),
            _ => {
                sim.commit(attempt);
            }
        }
    }
    Ok(sim.finish())
}

/// Answers from a list, in the order the steps are visited (spec §5).
pub struct Scripted<'a> {
    answers: &'a [String],
    next: usize,
}

impl<'a> Scripted<'a> {
    pub fn new(answers: &'a [String]) -> Scripted<'a> {
        Scripted { answers, next: 0 }
    }

    /// Answers given that the conversation did not need.
    pub fn unused(&self) -> usize {
        self.answers.len().saturating_sub(self.next)
    }
}

impl Trainee for Scripted<'_> {
    fn answer(&mut self, sim: &Simulation<'_, '_>, prompt: &Prompt) -> Result<Answer> {
        match self.answers.get(self.next) {
            Some(a) => {
                self.next += 1;
                Ok(a.clone().into())
            }
            None => Err(crate::error::Error::AnswersShort {
                path: std::path::PathBuf::new(),
                step: sim.scenario().steps[prompt.step].id.clone(),
                number: self.next + 1,
            }),
        }
    }
}
