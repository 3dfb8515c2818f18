//! The validated scenario: plain data, built only by `scenario::load`, read by the core.
//! Nothing here touches files or YAML; every invariant in spec §1 already holds.

use std::fmt;

pub use super::phrase::{Listed, Phrase, PhraseList};
pub use crate::yaml::positions::Pos;

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
    /// The customer's last words when walking out or when the conversation ends on a
    /// failed answer; `None` for the default of the scenario's skill.
    pub leaves: Option<String>,
}

/// A required item: met when any one alternative occurs in the answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Required {
    /// Alternatives; a `…` in one is a gap of a few chars (see `text::matcher`).
    pub any: Vec<Phrase>,
    /// Shown in `missing`; defaults to the first alternative, or the concept's label.
    pub label: String,
    pub why: Option<String>,
    /// The lexicon concept the alternatives came from, when the item named one.
    pub concept: Option<String>,
}

/// A banned phrase, not hit where it sits inside one of its `except` phrases.
#[derive(Debug, Clone, PartialEq)]
pub struct Banned {
    pub phrase: Phrase,
    /// Shared by every item made from one concept (a concept can have hundreds of
    /// phrases and a long `except` list).
    pub except: PhraseList,
    /// Shared like `except`.
    pub why: Option<std::sync::Arc<str>>,
    /// Negated occurrences (不保证, 没有稳赚的) are disclosures, not hits.
    pub unless_negated: bool,
    /// The phrase and its `except` phrases count only within one clause.
    pub clause: bool,
    /// Hit only when the phrase is all the answer (or turn) says, particles and a
    /// few polite words aside: a flat 不行 is a taboo, 不行,系统不支持 gives a reason.
    pub alone: bool,
    /// The lexicon concept this item was made from, when it named one.
    pub concept: Option<std::sync::Arc<str>>,
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
    /// The author's short name for the step; see [`Step::title`].
    pub title: Option<String>,
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
    /// The branch's best answers (优秀话术), each checked like a pass example.
    pub best_answers: Vec<Example>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Examples {
    pub pass: Vec<Example>,
    pub fail: Vec<Example>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub text: String,
}

/// A default title is the task's first sentence, cut to about this many characters.
const TITLE_CHARS: usize = 16;

impl Step {
    /// The step's name for people: its `title`, or else its task shortened (the first
    /// sentence, asides in brackets dropped, cut at a comma to at most 16 characters,
    /// `…` when cut), or else its id. Ids stay in JSON; this is what screens and
    /// reports show.
    pub fn title(&self) -> std::borrow::Cow<'_, str> {
        step_title(&self.id, self.title.as_deref(), self.task.as_deref())
    }
}

/// [`Step::title`] from a step's id, `title` and `task` as written in its file.
pub fn step_title<'a>(
    id: &'a str,
    title: Option<&'a str>,
    task: Option<&str>,
) -> std::borrow::Cow<'a, str> {
    if let Some(t) = title.map(str::trim).filter(|t| !t.is_empty()) {
        return t.into();
    }
    match task.map(shorten).filter(|t| !t.is_empty()) {
        Some(t) => t.into(),
        None => id.into(),
    }
}

/// A task as a title: see [`Step::title`].
fn shorten(task: &str) -> String {
    // Asides in brackets go first: `第5步确认并推进（原文缺失，按通行做法）：…`.
    let mut plain = String::new();
    let mut depth = 0_u32;
    for c in task.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let sentence = plain
        .split(['。', '；', ';', '：', ':', '！', '!', '？', '?', '\n'])
        .map(str::trim)
        .find(|s| !s.is_empty())
        .unwrap_or_default();
    let chars: Vec<char> = sentence.chars().collect();
    if chars.len() <= TITLE_CHARS {
        return sentence.to_owned();
    }
    // Cut after the last comma that leaves a few characters, else mid-clause.
    let cut = chars[..TITLE_CHARS]
        .iter()
        .rposition(|c| matches!(c, ',' | '，' | '、'))
        .filter(|&i| i >= 4)
        .unwrap_or(TITLE_CHARS - 1);
    let mut out: String = chars[..cut].iter().collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    fn step(title: Option<&str>, task: Option<&str>) -> Step {
        Step {
            id: "opening".into(),
            title: title.map(Into::into),
            customer: vec!["喂".into()],
            task: task.map(Into::into),
            required: Vec::new(),
            banned: Vec::new(),
            question: false,
            max_chars: None,
            hint: None,
            model_answer: None,
            on_pass: None,
            on_fail: None,
            examples: Examples::default(),
            best_answers: Vec::new(),
        }
    }

    #[track_caller]
    fn case(task: &str, title: &str) {
        assert_eq!(step(None, Some(task)).title(), title);
    }

    #[test]
    fn a_title_defaults_to_the_task_shortened() {
        case("问好并自报家门", "问好并自报家门");
        case("客观说明：双利账户里的钱仍然是存款", "客观说明");
        case(
            "第5步确认并推进（原文缺失，按通行做法）：不作承诺",
            "第5步确认并推进",
        );
        case(
            "问好,称呼客户,报出银行、岗位和姓名",
            "问好,称呼客户,报出银行…",
        );
        case(
            "不跟着客户谈收益并且先查风险评估结果再推荐",
            "不跟着客户谈收益并且先查风险评…",
        );
        case("  ", "opening");
    }

    #[test]
    fn a_written_title_wins_and_the_id_is_the_last_resort() {
        assert_eq!(step(Some("开场"), Some("问好")).title(), "开场");
        assert_eq!(step(Some(" "), Some("问好")).title(), "问好");
        assert_eq!(step(None, None).title(), "opening");
    }
}

/// What `list` shows of a scenario: enough to pick one, without its steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub id: String,
    pub title: String,
    pub skill: Skill,
    pub difficulty: u8,
}

impl Scenario {
    pub fn summary(&self) -> Summary {
        Summary {
            id: self.id.clone(),
            title: self.title.clone(),
            skill: self.skill,
            difficulty: self.difficulty,
        }
    }
}
