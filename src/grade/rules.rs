//! What `grade` checks a conversation against: a rules file (`banned`, `required`,
//! `conversation`, in the scenario syntax of spec §1) or a scenario file, whose
//! scenario-wide rules and every step's banned items apply to whole transcripts.
//! Parsing reuses the scenario's serde shapes and located errors; a file with a
//! `steps` key is a scenario and goes through the scenario loader unchanged.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Located, Result};
use crate::i18n::{Lang, msg};
use crate::scenario::load;
use crate::scenario::model::{Banned, ConversationRule, Pos, Required, Scenario};
use crate::scenario::positions::Positions;
use crate::scenario::raw::{RawBanned, RawRequired, RawRule, Text};
use crate::text::normalize::normalize;

/// The rules one conversation is graded by.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rules {
    /// Each hit fails the conversation.
    pub banned: Vec<Banned>,
    /// Each must be met somewhere in the agent's words.
    pub required: Vec<Required>,
    pub conversation: Vec<ConversationRule>,
}

/// The serde shape of a rules file.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a rules file: a mapping with banned, required and conversation"
)]
struct RawRules {
    banned: Option<Vec<RawBanned>>,
    required: Option<Vec<RawRequired>>,
    conversation: Option<Vec<RawRule>>,
}

impl Rules {
    /// A scenario's rules for a whole transcript: its own banned items and every
    /// step's (an item repeated across steps is kept once), and its conversation
    /// rules. Steps' required items belong to their step, so they do not apply.
    pub fn from_scenario(s: Scenario) -> Rules {
        let mut banned: Vec<Banned> = Vec::new();
        let all = s
            .banned
            .into_iter()
            .chain(s.steps.into_iter().flat_map(|s| s.banned));
        for b in all {
            if !banned
                .iter()
                .any(|k| k.phrase == b.phrase && k.except == b.except)
            {
                banned.push(b);
            }
        }
        Rules {
            banned,
            required: Vec::new(),
            conversation: s.conversation,
        }
    }
}

/// Reads a rules or scenario file.
pub fn load_file(path: &Path, lang: Lang) -> Result<Rules> {
    let bytes = load::read_limited(path, load::MAX_FILE_BYTES, lang)?;
    parse(path, &bytes, lang).map_err(|problems| Error::ScenarioInvalid { problems })
}

/// Validates a rules or scenario file from its bytes; `path` is only for messages.
pub fn parse(path: &Path, bytes: &[u8], lang: Lang) -> Result<Rules, Vec<Located>> {
    let text = load::utf8(path, bytes, lang).map_err(|e| vec![e])?;
    let at = |pos: Pos, message: String| Located {
        path: path.to_owned(),
        line: pos.line,
        column: pos.column,
        message,
    };
    if text.trim().is_empty() {
        let m = msg::GRADE_RULES_EMPTY.get(lang).to_owned();
        return Err(vec![at(Pos { line: 1, column: 1 }, m)]);
    }
    let positions = Positions::of(text);
    if positions.has("steps") {
        return load::parse(path, bytes, lang).map(Rules::from_scenario);
    }
    let raw: RawRules = load::from_yaml(path, text, lang).map_err(|e| vec![e])?;
    let mut v = Check {
        lang,
        positions: &positions,
        problems: Vec::new(),
    };
    let rules = v.rules(raw);
    if v.problems.is_empty() {
        Ok(rules)
    } else {
        let mut problems: Vec<Located> =
            v.problems.into_iter().map(|(pos, m)| at(pos, m)).collect();
        problems.sort_by_key(|p| (p.line, p.column));
        Err(problems)
    }
}

/// The checks of spec §1 that apply to rules: no empty phrase (before or after
/// normalising), no empty `any` or `mentions`, `at_least` at least 1.
struct Check<'a> {
    lang: Lang,
    positions: &'a Positions,
    problems: Vec<(Pos, String)>,
}

impl Check<'_> {
    fn problem(&mut self, field: &str, message: String) {
        self.problems.push((self.positions.at(field), message));
    }

    /// `field` when the file has a value there, else `fallback` (a bare phrase
    /// written where a map could have been).
    fn field(&self, field: String, fallback: &str) -> String {
        if self.positions.has(&field) {
            field
        } else {
            fallback.to_owned()
        }
    }

    fn phrase(&mut self, field: &str, phrase: Text) -> String {
        if phrase.0.trim().is_empty() {
            self.problem(field, msg::EMPTY_PHRASE.fill(self.lang, &[&field]));
        } else if normalize(&phrase.0).is_empty() {
            let m = msg::EMPTY_AFTER_NORMALISING.fill(self.lang, &[&field]);
            self.problem(field, m);
        }
        phrase.0
    }

    /// A list of phrases; only `except` may be empty.
    fn phrases(&mut self, field: &str, list: Vec<Text>) -> Vec<String> {
        if list.is_empty() && !field.ends_with(".except") {
            self.problem(field, msg::MUST_NOT_BE_EMPTY.fill(self.lang, &[&field]));
        }
        let items = list.into_iter().enumerate();
        items
            .map(|(i, p)| self.phrase(&format!("{field}[{i}]"), p))
            .collect()
    }

    fn rules(&mut self, raw: RawRules) -> Rules {
        let banned = raw.banned.unwrap_or_default().into_iter().enumerate();
        let banned = banned
            .map(|(i, b)| {
                let at = format!("banned[{i}]");
                let field = self.field(format!("{at}.phrase"), &at);
                Banned {
                    phrase: self.phrase(&field, b.phrase),
                    except: self.phrases(&format!("{at}.except"), b.except),
                    why: b.why,
                }
            })
            .collect();
        let required = raw.required.unwrap_or_default().into_iter().enumerate();
        let required = required
            .map(|(i, r)| {
                let at = format!("required[{i}]");
                let any = if self.positions.has(&format!("{at}.any")) {
                    self.phrases(&format!("{at}.any"), r.any)
                } else {
                    r.any.into_iter().map(|p| self.phrase(&at, p)).collect()
                };
                let label = r.label.filter(|l| !l.trim().is_empty());
                Required {
                    label: label.or_else(|| any.first().cloned()).unwrap_or_default(),
                    any,
                    why: r.why,
                }
            })
            .collect();
        let conversation = raw.conversation.unwrap_or_default().into_iter().enumerate();
        let conversation = conversation
            .map(|(i, r)| {
                let at = format!("conversation[{i}]");
                let phrases = self.phrases(&format!("{at}.mentions"), r.mentions);
                let at_least = match r.at_least.map(|n| n.0) {
                    None => 1,
                    Some(n) if n >= 1 && n <= i64::from(u32::MAX) => n as u32,
                    Some(n) => {
                        let field = format!("{at}.at_least");
                        let m = [&field as &dyn std::fmt::Display, &n, &1, &u32::MAX];
                        self.problem(&field, msg::OUT_OF_RANGE.fill(self.lang, &m));
                        1
                    }
                };
                ConversationRule::Mentions {
                    phrases,
                    at_least,
                    why: r.why,
                }
            })
            .collect();
        Rules {
            banned,
            required,
            conversation,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Rules, Vec<String>> {
        parse(Path::new("r.yaml"), text.as_bytes(), Lang::En)
            .map_err(|p| p.iter().map(ToString::to_string).collect())
    }

    #[track_caller]
    fn case_err(text: &str, expected: &str) {
        match parse_str(text) {
            Ok(r) => panic!("accepted {text:?}: {r:?}"),
            Err(p) => assert!(
                p.iter().any(|l| l.starts_with(expected)),
                "{text:?}: {p:?} lacks {expected:?}"
            ),
        }
    }

    #[test]
    fn reads_a_rules_file() {
        let text = "banned:\n  - 喂\n  - phrase: 保证\n    except: [不保证]\nrequired:\n  - 您好\n  - any: [交通银行, 交行]\n    label: 报出银行\nconversation:\n  - mentions: [李先生]\n    at_least: 2\n";
        let r = parse_str(text).expect("valid");
        assert_eq!(r.banned.len(), 2);
        assert_eq!(r.banned[1].except, ["不保证"]);
        let labels: Vec<&str> = r.required.iter().map(|q| q.label.as_str()).collect();
        assert_eq!(labels, ["您好", "报出银行"]);
        assert_eq!(r.required[1].any, ["交通银行", "交行"]);
        assert_eq!(
            r.conversation,
            [ConversationRule::Mentions {
                phrases: vec!["李先生".into()],
                at_least: 2,
                why: None
            }]
        );
    }

    #[test]
    fn rejects_with_positions() {
        case_err("", "r.yaml:1:1: the rules file is empty");
        case_err(
            "banned: [喂]\nrequierd: [您好]\n",
            "r.yaml:2:1: unknown field `requierd`",
        );
        case_err(
            "banned:\n  - 喂\n  - \"，\"\n",
            "r.yaml:3:5: banned[1]: empty phrase once",
        );
        case_err(
            "required:\n  - any: []\n",
            "r.yaml:2:10: required[0].any: must not",
        );
        case_err(
            "conversation:\n  - mentions: [李]\n    at_least: 0\n",
            "r.yaml:3:15: conversation[0].at_least: 0 is out of range",
        );
        case_err("banned: 喂\n", "r.yaml:1:9: ");
        case_err("banned: [\n", "r.yaml:");
        match parse(Path::new("r.yaml"), b"banned: [\xff]\n", Lang::En) {
            Err(p) => assert_eq!(p[0].to_string(), "r.yaml:1:10: not valid UTF-8 text"),
            Ok(r) => panic!("{r:?}"),
        }
    }

    #[test]
    fn a_scenario_gives_its_banned_items_and_conversation_rules() {
        let text = "id: s\ntitle: t\nskill: phone\nbanned: [喂]\nconversation:\n  - mentions: [李先生]\nsteps:\n  - id: a\n    customer: x\n    required: [您好]\n    banned: [你好, 喂]\n  - id: b\n    customer: y\n    banned: [不知道]\n";
        let r = parse_str(text).expect("valid");
        let banned: Vec<&str> = r.banned.iter().map(|b| b.phrase.as_str()).collect();
        assert_eq!(banned, ["喂", "你好", "不知道"]);
        assert!(r.required.is_empty());
        assert_eq!(r.conversation.len(), 1);
        // Scenario problems are the scenario loader's.
        case_err(
            "id: s\ntitle: t\nskill: nope\nsteps: []\n",
            "r.yaml:3:8: skill",
        );
    }
}
