//! The scenario-level verdict (spec §3): the mean score, banned phrases anywhere,
//! the conversation rules over all answers, and whether the customer walked out.

use crate::scenario::model::{ConversationRule, Scenario};

use super::StepVerdict;

/// A conversation rule's result over the whole run.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleResult {
    pub phrases: Vec<String>,
    pub at_least: u32,
    pub count: usize,
    pub met: bool,
    pub why: Option<String>,
}

/// The scenario-level verdict (spec §3).
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub score: u8,
    pub passed: bool,
    pub walked_out: bool,
    pub banned_anywhere: bool,
    pub conversation: Vec<RuleResult>,
}

impl Summary {
    /// The verdict over a run's answers, in order, and whether the customer walked out.
    pub fn of(scenario: &Scenario, verdicts: &[&StepVerdict], walked_out: bool) -> Summary {
        let scores: Vec<u8> = verdicts.iter().map(|v| v.score).collect();
        let score = super::mean(&scores);
        let banned_anywhere = verdicts.iter().any(|v| !v.banned.is_empty());
        let conversation: Vec<RuleResult> = scenario
            .conversation
            .iter()
            .enumerate()
            .map(
                |(
                    i,
                    ConversationRule::Mentions {
                        phrases,
                        at_least,
                        why,
                    },
                )| {
                    let count = verdicts.iter().filter_map(|v| v.mentions.get(i)).sum();
                    RuleResult {
                        phrases: phrases.clone(),
                        at_least: *at_least,
                        count,
                        met: count >= *at_least as usize,
                        why: why.clone(),
                    }
                },
            )
            .collect();
        Summary {
            score,
            passed: score >= scenario.pass_score
                && !banned_anywhere
                && conversation.iter().all(|r| r.met)
                && !walked_out,
            walked_out,
            banned_anywhere,
            conversation,
        }
    }
}
