//! The turn loop: a [`Trainee`] answers the simulated customer until the
//! conversation ends. The trainee may be a person at a terminal, an answers file,
//! or one participant of a meeting; the loop is the same for all.

use crate::error::Result;
use crate::scoring::Compiled;
use crate::simulate::{Outcome, Prompt, Simulation, Turn};

pub trait Trainee {
    /// The answer to the customer's line. An error ends the session unrecorded
    /// (no answer left, the trainee quit).
    fn answer(&mut self, sim: &Simulation<'_, '_>, prompt: &Prompt) -> Result<String>;

    /// Called after each answer is scored.
    fn feedback(&mut self, _sim: &Simulation<'_, '_>, _turn: &Turn) -> Result<()> {
        Ok(())
    }
}

pub fn run(compiled: &Compiled<'_>, seed: u64, trainee: &mut dyn Trainee) -> Result<Outcome> {
    let mut sim = Simulation::new(compiled, seed);
    while let Some(prompt) = sim.prompt().cloned() {
        let answer = trainee.answer(&sim, &prompt)?;
        if let Some(turn) = sim.answer(&answer).cloned() {
            trainee.feedback(&sim, &turn)?;
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
    fn answer(&mut self, sim: &Simulation<'_, '_>, prompt: &Prompt) -> Result<String> {
        match self.answers.get(self.next) {
            Some(a) => {
                self.next += 1;
                Ok(a.clone())
            }
            None => Err(crate::error::Error::AnswersShort {
                path: std::path::PathBuf::new(),
                step: sim.scenario().steps[prompt.step].id.clone(),
                number: self.next + 1,
            }),
        }
    }
}
