//! The turn loop: a [`Trainee`] (a person at a terminal, one participant of a
//! meeting) answers the simulated customer until the conversation ends; [`scripted`]
//! plays a list of answers the same way and says when they ran out.

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
    /// An error ends the session unrecorded (the trainee quit).
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

/// How a run from a list of answers (spec §5) ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Scripted {
    /// The conversation ended; `unused` answers were not needed.
    Finished { outcome: Outcome, unused: usize },
    /// The answers ran out first: there was none for step `step` (its id), the
    /// `number`th answer of the conversation.
    Short { step: String, number: usize },
}

/// Plays `answers` in the order the steps are visited (spec §5); each one counts
/// (a list of answers never retries).
pub fn scripted(compiled: &Compiled<'_>, seed: u64, answers: &[String]) -> Scripted {
    let mut sim = Simulation::new(compiled, seed);
    let mut given = answers.iter();
    while let Some(prompt) = sim.prompt() {
        let Some(answer) = given.next() else {
            return Scripted::Short {
                step: compiled.scenario.steps[prompt.step].id.clone(),
                number: sim.turns().len() + 1,
            };
        };
        sim.answer(answer);
    }
    Scripted::Finished {
        outcome: sim.finish(),
        unused: given.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "id: s\ntitle: t\nskill: fab\nsteps:\n  - {id: a, customer: x, required: [您好]}\n  - {id: b, customer: y, required: [谢谢]}\n";

    fn play(answers: &[&str]) -> Scripted {
        let scenario = crate::scenario::fixture::scenario(YAML);
        let answers: Vec<String> = answers.iter().map(|a| (*a).to_owned()).collect();
        scripted(&Compiled::new(&scenario), 1, &answers)
    }

    #[test]
    fn running_out_of_answers_is_a_result_naming_the_step_and_the_answer() {
        let short = Scripted::Short {
            step: "b".to_owned(),
            number: 2,
        };
        assert_eq!(play(&["您好"]), short);
        let first = Scripted::Short {
            step: "a".to_owned(),
            number: 1,
        };
        assert_eq!(play(&[]), first);
    }

    #[test]
    fn answers_left_over_are_counted() {
        match play(&["您好", "谢谢", "再见", "好"]) {
            Scripted::Finished { outcome, unused } => {
                assert_eq!(unused, 2);
                assert_eq!(outcome.turns.len(), 2);
                assert!(outcome.turns.iter().all(|t| t.verdict.passed));
                assert!(outcome.turns.iter().all(|t| t.retries.is_empty()));
            }
            short => panic!("{short:?}"),
        }
    }
}
