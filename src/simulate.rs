//! The simulated customer (spec §4): which step comes next, which variant of the
//! customer's line is said, when patience runs out.
//!
//! Seeds are portable: `--seed N` seeds a `Pcg64` (PCG XSL RR 128/64) through
//! `rand_core`'s `seed_from_u64`, whose output is fixed by its documentation, and a
//! variant among `n` is `floor(next_u64 × n / 2^64)`: no library sampling routine
//! whose output could change between versions.

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;

use crate::record::{AttemptRecord, Review, StepRecord};
use crate::scenario::model::{Next, Scenario};
use crate::scoring::{Compiled, StepVerdict, Summary};

/// A step may be visited at most this many times (spec §4).
pub const MAX_VISITS: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `end`, or past the last step.
    Finished,
    /// Patience ran out.
    WalkedOut,
    /// A move to a step already visited three times.
    VisitLimit,
}

impl Ending {
    pub fn as_str(self) -> &'static str {
        match self {
            Ending::Finished => "finished",
            Ending::WalkedOut => "walked_out",
            Ending::VisitLimit => "visit_limit",
        }
    }
}

/// What the customer says now.
#[derive(Debug, Clone, PartialEq)]
pub struct Prompt {
    pub step: usize,
    pub customer: String,
}

/// What the trainee had seen of a step's help before giving an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Help {
    pub hint: bool,
    pub model: bool,
}

/// One answer to the current customer line, scored, before it is counted.
#[derive(Debug, Clone, PartialEq)]
pub struct Attempt {
    pub answer: String,
    pub verdict: StepVerdict,
    pub help: Help,
}

/// One answered step: the answer that moved the conversation on, and the earlier
/// answers to the same line that the trainee took back to try again.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    pub step: usize,
    pub customer: String,
    pub answer: String,
    pub verdict: StepVerdict,
    /// Help seen before this answer (on this visit, retries included).
    pub help: Help,
    /// Earlier tries at the same line, oldest first: recorded, never scored.
    pub retries: Vec<Attempt>,
}

pub struct Simulation<'c, 's> {
    compiled: &'c Compiled<'s>,
    seed: u64,
    rng: Pcg64,
    visits: Vec<u8>,
    patience: Option<u32>,
    prompt: Option<Prompt>,
    /// Tries at the current line taken back so far.
    retries: Vec<Attempt>,
    ending: Option<Ending>,
    turns: Vec<Turn>,
}

/// A finished conversation, before anything is recorded or rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub seed: u64,
    pub turns: Vec<Turn>,
    pub ending: Ending,
}

impl Outcome {
    /// The scenario-level verdict over this run's answers (spec §3).
    pub fn summary(&self, scenario: &Scenario) -> Summary {
        let verdicts: Vec<&StepVerdict> = self.turns.iter().map(|t| &t.verdict).collect();
        Summary::of(scenario, &verdicts, self.ending == Ending::WalkedOut)
    }

    /// Each turn as it is recorded: the step's id, the customer's line, the answer
    /// that counted and the ones taken back, with their verdicts and the help seen.
    pub fn steps(&self, scenario: &Scenario) -> Vec<StepRecord> {
        self.turns
            .iter()
            .map(|t| StepRecord {
                step_id: scenario.steps[t.step].id.clone(),
                customer: t.customer.clone(),
                counted: attempt_record(&t.answer, &t.verdict, t.help),
                retries: t
                    .retries
                    .iter()
                    .map(|a| attempt_record(&a.answer, &a.verdict, a.help))
                    .collect(),
                review: Review::default(),
            })
            .collect()
    }
}

fn attempt_record(answer: &str, verdict: &StepVerdict, help: Help) -> AttemptRecord {
    AttemptRecord {
        answer: answer.to_owned(),
        score: verdict.score,
        passed: verdict.passed,
        missing: verdict.missing(),
        banned: verdict.banned_phrases(),
        saw_hint: help.hint,
        saw_model: help.model,
    }
}

fn pick(rng: &mut Pcg64, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

impl<'c, 's> Simulation<'c, 's> {
    pub fn new(compiled: &'c Compiled<'s>, seed: u64) -> Simulation<'c, 's> {
        let scenario = compiled.scenario;
        let mut sim = Simulation {
            compiled,
            seed,
            rng: Pcg64::seed_from_u64(seed),
            visits: vec![0; scenario.steps.len()],
            patience: scenario.persona.as_ref().and_then(|p| p.patience),
            prompt: None,
            retries: Vec::new(),
            ending: None,
            turns: Vec::new(),
        };
        sim.enter(Next::Step(0));
        sim
    }

    pub fn scenario(&self) -> &'s Scenario {
        self.compiled.scenario
    }

    /// The customer's current line, or `None` once the conversation has ended.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    pub fn turns(&self) -> &[Turn] {
        &self.turns
    }

    fn enter(&mut self, next: Next) {
        let steps = &self.compiled.scenario.steps;
        let index = match next {
            Next::End => {
                self.ending = Some(Ending::Finished);
                return;
            }
            Next::Step(i) if i >= steps.len() => {
                self.ending = Some(Ending::Finished);
                return;
            }
            Next::Step(i) => i,
        };
        if self.visits[index] >= MAX_VISITS {
            self.ending = Some(Ending::VisitLimit);
            return;
        }
        self.visits[index] += 1;
        let variants = &steps[index].customer;
        let variant = if variants.len() > 1 {
            pick(&mut self.rng, variants.len())
        } else {
            0
        };
        self.prompt = Some(Prompt {
            step: index,
            customer: variants.get(variant).cloned().unwrap_or_default(),
        });
    }

    /// The verdict an answer to the current line would get, without moving on;
    /// `None` once the conversation has ended.
    pub fn score(&self, answer: &str) -> Option<StepVerdict> {
        let prompt = self.prompt.as_ref()?;
        Some(self.compiled.score(prompt.step, answer))
    }

    /// Takes an attempt at the current line back: it is kept with the turn, the
    /// customer says the same line again, and nothing moves (no score, no patience).
    pub fn retry(&mut self, attempt: Attempt) {
        if self.prompt.is_some() {
            self.retries.push(attempt);
        }
    }

    /// Scores the answer to the current line and moves on. Does nothing once ended.
    pub fn answer(&mut self, answer: &str) -> Option<&Turn> {
        let verdict = self.score(answer)?;
        self.commit(Attempt {
            answer: answer.to_owned(),
            verdict,
            help: Help::default(),
        })
    }

    /// Counts `attempt` (scored by [`Simulation::score`]) as the answer to the current
    /// line and moves on (spec §3 and §4). Does nothing once ended.
    pub fn commit(&mut self, attempt: Attempt) -> Option<&Turn> {
        let prompt = self.prompt.take()?;
        let step = &self.compiled.scenario.steps[prompt.step];
        let passed = attempt.verdict.passed;
        self.turns.push(Turn {
            step: prompt.step,
            customer: prompt.customer,
            answer: attempt.answer,
            verdict: attempt.verdict,
            help: attempt.help,
            retries: std::mem::take(&mut self.retries),
        });
        let walked_out = if passed {
            false
        } else if let Some(p) = self.patience.as_mut() {
            *p = p.saturating_sub(1);
            *p == 0
        } else {
            false
        };
        if walked_out {
            self.ending = Some(Ending::WalkedOut);
        } else {
            let branch = if passed { step.on_pass } else { step.on_fail };
            self.enter(branch.unwrap_or(Next::Step(prompt.step + 1)));
        }
        self.turns.last()
    }

    pub fn finish(self) -> Outcome {
        Outcome {
            seed: self.seed,
            turns: self.turns,
            ending: self.ending.unwrap_or(Ending::Finished),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::fixture::scenario;

    /// Runs `answers` and returns the visited step ids and the ending.
    #[track_caller]
    fn case(yaml: &str, answers: &[&str], steps: &[&str], ending: Ending) {
        let s = scenario(yaml);
        let c = Compiled::new(&s);
        let mut sim = Simulation::new(&c, 7);
        for a in answers {
            assert!(sim.answer(a).is_some(), "conversation ended before {a}");
        }
        assert!(sim.prompt().is_none(), "conversation did not end");
        let out = sim.finish();
        let ids: Vec<&str> = out
            .turns
            .iter()
            .map(|t| s.steps[t.step].id.as_str())
            .collect();
        assert_eq!(ids, steps);
        assert_eq!(out.ending, ending);
    }

    const BRANCHING: &str = "
id: b
title: t
skill: phone
steps:
  - id: a
    customer: 喂
    required: [您好]
    on_fail: a
  - id: b
    customer: 嗯
    required: [谢谢]
    on_pass: end
    on_fail: c
  - id: c
    customer: 还有吗
    required: [再见]
";

    #[test]
    fn branches_follow_pass_and_fail() {
        case(BRANCHING, &["您好", "谢谢"], &["a", "b"], Ending::Finished);
        case(
            BRANCHING,
            &["喂", "您好", "不", "再见"],
            &["a", "a", "b", "c"],
            Ending::Finished,
        );
    }

    #[test]
    fn fourth_visit_ends_the_conversation() {
        case(
            BRANCHING,
            &["x", "x", "x"],
            &["a", "a", "a"],
            Ending::VisitLimit,
        );
    }

    #[test]
    fn patience_runs_out() {
        let yaml = BRANCHING.replace("skill: phone", "skill: phone\npersona: {patience: 2}");
        case(&yaml, &["x", "x"], &["a", "a"], Ending::WalkedOut);
        case(
            &yaml,
            &["x", "您好", "谢谢"],
            &["a", "a", "b"],
            Ending::Finished,
        );
        let zero = BRANCHING.replace("skill: phone", "skill: phone\npersona: {patience: 0}");
        case(&zero, &["x"], &["a"], Ending::WalkedOut);
    }

    #[test]
    fn a_retry_keeps_the_line_patience_and_visits_and_is_kept_with_the_turn() {
        let yaml = BRANCHING.replace("skill: phone", "skill: phone\npersona: {patience: 1}");
        let s = scenario(&yaml);
        let c = Compiled::new(&s);
        let mut sim = Simulation::new(&c, 7);
        let first = sim.prompt().cloned();
        for answer in ["喂", "x", "y"] {
            let verdict = sim.score(answer).expect("the conversation goes on");
            assert!(!verdict.passed);
            let help = Help {
                hint: answer != "喂",
                model: false,
            };
            sim.retry(Attempt {
                answer: answer.into(),
                verdict,
                help,
            });
            assert_eq!(sim.prompt().cloned(), first, "the same line, said again");
        }
        let verdict = sim.score("您好").expect("still going");
        let help = Help {
            hint: true,
            model: true,
        };
        let turn = sim
            .commit(Attempt {
                answer: "您好".into(),
                verdict,
                help,
            })
            .cloned()
            .expect("a turn");
        assert_eq!(turn.answer, "您好");
        assert!(turn.verdict.passed);
        assert_eq!(turn.help, help);
        let tried: Vec<&str> = turn.retries.iter().map(|a| a.answer.as_str()).collect();
        assert_eq!(tried, ["喂", "x", "y"]);
        assert!(!turn.retries[0].help.hint && turn.retries[1].help.hint);
        // Three failed tries cost no patience (1) and no visits: the customer stays.
        assert_eq!(sim.prompt().map(|p| p.step), Some(1));
        sim.answer("谢谢");
        let out = sim.finish();
        assert_eq!(out.turns.len(), 2);
        assert!(out.turns[1].retries.is_empty());
        assert_eq!(out.summary(&s).score, 100);
    }

    #[test]
    fn without_branches_steps_run_in_order() {
        let yaml = "id: o\ntitle: t\nskill: fab\nsteps:\n  - {id: a, customer: x}\n  - {id: b, customer: y}\n";
        case(yaml, &["1", "2"], &["a", "b"], Ending::Finished);
    }

    #[test]
    fn the_same_seed_draws_the_same_variants() {
        let yaml = "id: v\ntitle: t\nskill: fab\nsteps:\n  - id: a\n    customer: [一, 二, 三, 四, 五, 六, 七, 八]\n    on_pass: a\n    on_fail: a\n";
        let s = scenario(yaml);
        let c = Compiled::new(&s);
        let draw = |seed| {
            let mut sim = Simulation::new(&c, seed);
            let mut lines = Vec::new();
            while let Some(p) = sim.prompt() {
                lines.push(p.customer.clone());
                sim.answer("好");
            }
            lines
        };
        assert_eq!(draw(42), draw(42));
        assert_eq!(draw(42).len(), 3);
        let all: std::collections::BTreeSet<Vec<String>> = (0..20).map(draw).collect();
        assert!(
            all.len() > 1,
            "different seeds should draw different variants"
        );
    }

    #[test]
    fn seeds_are_stable_across_versions() {
        // Pins the generator: if this changes, a seed no longer means what the README says.
        let mut rng = Pcg64::seed_from_u64(42);
        let picks: Vec<usize> = (0..6).map(|_| pick(&mut rng, 10)).collect();
        assert_eq!(picks, PINNED_PICKS);
    }

    const PINNED_PICKS: [usize; 6] = [2, 2, 7, 5, 9, 3];
}
