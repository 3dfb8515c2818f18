//! The validated scenario: plain data, built only by `scenario::load`, read by the core.
//! Nothing here touches files or YAML; every invariant in spec §1 already holds.

use std::fmt;

/// A place in a source file, 1-based, for messages that point at one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Skill {
    Spin,
    Fab,
    Objection,
    Closing,
    Phone,
    Counter,
    Complaint,
    Compliance,
}

impl Skill {
    pub const ALL: [Skill; 8] = [
        Skill::Spin,
        Skill::Fab,
        Skill::Objection,
        Skill::Closing,
        Skill::Phone,
        Skill::Counter,
        Skill::Complaint,
        Skill::Compliance,
    ];

    /// The name used in scenario files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Skill::Spin => "spin",
            Skill::Fab => "fab",
            Skill::Objection => "objection",
            Skill::Closing => "closing",
            Skill::Phone => "phone",
            Skill::Counter => "counter",
            Skill::Complaint => "complaint",
            Skill::Compliance => "compliance",
        }
    }

    /// Every skill's name, for messages: `spin, fab, …`.
    pub fn names() -> String {
        Skill::ALL.map(Skill::as_str).join(", ")
    }

    pub fn parse(s: &str) -> Option<Skill> {
        Skill::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Skill {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub id: String,
    pub title: String,
    pub skill: Skill,
    pub difficulty: u8,
    pub pass_score: u8,
    pub source: Option<String>,
    pub brief: Option<String>,
    pub persona: Option<Persona>,
    /// Checked on every step, in addition to the step's own banned items.
    pub banned: Vec<Banned>,
    pub conversation: Vec<ConversationRule>,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Persona {
    pub name: Option<String>,
    pub description: Option<String>,
    /// Failed steps the customer tolerates; `None` is unlimited.
    pub patience: Option<u32>,
}

/// A required item: met when any one alternative occurs in the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Required {
    /// Alternatives; a `…` in one is a gap of a few chars (see `text::matcher`).
    pub any: Vec<String>,
    /// Shown in `missing`; defaults to the first alternative, or the concept's label.
    pub label: String,
    pub why: Option<String>,
    /// The lexicon concept the alternatives came from, when the item named one.
    pub concept: Option<String>,
}

/// A banned phrase, not hit where it sits inside one of its `except` phrases.
#[derive(Debug, Clone, PartialEq)]
pub struct Banned {
    pub phrase: String,
    pub except: Vec<String>,
    pub why: Option<String>,
    /// Negated occurrences (不保证, 没有稳赚的) are disclosures, not hits.
    pub unless_negated: bool,
    /// The phrase and its `except` phrases count only within one clause.
    pub clause: bool,
    /// Hit only when the phrase is all the answer (or turn) says, particles and a
    /// few polite words aside: a flat 不行 is a taboo, 不行,系统不支持 gives a reason.
    pub alone: bool,
    /// The lexicon concept this item was made from, when it named one.
    pub concept: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConversationRule {
    /// Total non-overlapping occurrences of any phrase over all answers.
    Mentions {
        phrases: Vec<String>,
        at_least: u32,
        why: Option<String>,
    },
}

/// Where the conversation goes after a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Index into `Scenario::steps`.
    Step(usize),
    End,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: String,
    /// One or more variants of the customer's line; never empty.
    pub customer: Vec<String>,
    pub task: Option<String>,
    pub required: Vec<Required>,
    pub banned: Vec<Banned>,
    pub question: bool,
    pub max_chars: Option<usize>,
    pub hint: Option<String>,
    pub model_answer: Option<String>,
    pub on_pass: Option<Next>,
    pub on_fail: Option<Next>,
    pub examples: Examples,
    /// Where the step starts in its file.
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Examples {
    pub pass: Vec<Example>,
    pub fail: Vec<Example>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub text: String,
    pub pos: Pos,
}

impl Scenario {
    pub fn step_index(&self, id: &str) -> Option<usize> {
        self.steps.iter().position(|s| s.id == id)
    }

    /// Scenario-wide banned items followed by the step's own.
    pub fn banned_for(&self, step: usize) -> impl Iterator<Item = &Banned> {
        self.banned.iter().chain(self.steps[step].banned.iter())
    }
}
