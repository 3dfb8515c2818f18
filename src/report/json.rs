//! The JSON report of `run --json` (spec §5) and of one step's verdict.
//! Field names are part of the contract: add fields, never rename them.

use serde::Serialize;

use crate::record::Missing;
use crate::scenario::model::Scenario;
use crate::scoring::{RuleResult, StepVerdict, Summary};
use crate::simulate::Outcome;

#[derive(Serialize)]
pub struct RunJson<'a> {
    pub scenario: &'a str,
    pub title: &'a str,
    pub seed: u64,
    pub score: u8,
    pub pass_score: u8,
    pub passed: bool,
    pub walked_out: bool,
    /// `finished`, `walked_out` or `visit_limit`.
    pub ending: &'static str,
    pub steps: Vec<StepJson<'a>>,
    pub conversation: Vec<RuleJson<'a>>,
}

#[derive(Serialize)]
pub struct StepJson<'a> {
    pub id: &'a str,
    pub customer: &'a str,
    pub answer: &'a str,
    pub score: u8,
    pub passed: bool,
    pub missing: Vec<Missing>,
    pub banned: Vec<String>,
    /// Each banned hit's character spans `[start, end)` in the answer.
    pub banned_spans: Vec<Vec<(u32, u32)>>,
}

#[derive(Serialize)]
pub struct RuleJson<'a> {
    pub rule: &'static str,
    pub phrases: &'a [String],
    pub at_least: u32,
    pub count: usize,
    pub met: bool,
}

pub fn step<'a>(id: &'a str, customer: &'a str, answer: &'a str, v: &StepVerdict) -> StepJson<'a> {
    StepJson {
        id,
        customer,
        answer,
        score: v.score,
        passed: v.passed,
        missing: v.missing(),
        banned: v.banned_phrases(),
        banned_spans: v.banned.iter().map(|b| b.spans.clone()).collect(),
    }
}

fn rule(r: &RuleResult) -> RuleJson<'_> {
    RuleJson {
        rule: "mentions",
        phrases: &r.phrases,
        at_least: r.at_least,
        count: r.count,
        met: r.met,
    }
}

pub fn run<'a>(scenario: &'a Scenario, outcome: &'a Outcome, summary: &'a Summary) -> RunJson<'a> {
    RunJson {
        scenario: &scenario.id,
        title: &scenario.title,
        seed: outcome.seed,
        score: summary.score,
        pass_score: scenario.pass_score,
        passed: summary.passed,
        walked_out: summary.walked_out,
        ending: outcome.ending.as_str(),
        steps: outcome
            .turns
            .iter()
            .map(|t| {
                step(
                    &scenario.steps[t.step].id,
                    &t.customer,
                    &t.answer,
                    &t.verdict,
                )
            })
            .collect(),
        conversation: summary.conversation.iter().map(rule).collect(),
    }
}

/// One JSON object and a newline.
pub fn write<T: Serialize>(w: &mut dyn std::io::Write, value: &T) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, value)?;
    writeln!(w)
}
