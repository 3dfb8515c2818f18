//! What `grade` checks a conversation against: a rules file (`banned`, `required`,
//! `conversation`, in the scenario syntax of spec §1) or a scenario file, whose
//! scenario-wide rules and every step's banned items apply to whole transcripts.
//! Parsing reuses the scenario's serde shapes and located errors; a file with a
//! `steps` key is a scenario and goes through the scenario loader unchanged.

use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Located, Result};
use crate::i18n::{Lang, msg};
use crate::scenario::lexicon::Lexicon;
use crate::scenario::load;
use crate::scenario::model::{Banned, ConversationRule, Phrase, PhraseList, Required, Scenario};
use crate::scenario::raw::{RawBanned, RawRequired, RawRule};
use crate::scenario::validate::Validator;
use crate::yaml::{self, FileKind, MAX_FILE_BYTES, OnDemand, Positions, Text};

/// The rules one conversation is graded by.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Rules {
    /// Each hit fails the conversation.
    pub banned: Vec<Banned>,
    /// Each must be met somewhere in the agent's words.
    pub required: Vec<Required>,
    pub conversation: Vec<ConversationRule>,
    /// The context condition: when not empty, the rules apply only to a conversation
    /// in which some turn (the customer's too) mentions one of these phrases; any
    /// other conversation passes untouched.
    pub when: Vec<String>,
}

/// `when: {mentions: [...]}`: the rules file applies only where the conversation is
/// about these things (an investment product, for misleading-risk words).
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a context condition: a mapping with `mentions`"
)]
struct RawWhen {
    mentions: Vec<Text>,
}

/// The serde shape of a rules file.
#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a rules file: a mapping with banned, required, conversation and when"
)]
struct RawRules {
    when: Option<RawWhen>,
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
        let mut seen: std::collections::HashSet<(Phrase, PhraseList)> =
            std::collections::HashSet::new();
        let all = s
            .banned
            .into_iter()
            .chain(s.steps.into_iter().flat_map(|s| s.banned));
        for b in all {
            if seen.insert((b.phrase.clone(), b.except.clone())) {
                banned.push(b);
            }
        }
        Rules {
            banned,
            required: Vec::new(),
            conversation: s.conversation,
            when: Vec::new(),
        }
    }
}

/// Reads a rules or scenario file.
pub fn load_file(path: &Path, lang: Lang) -> Result<Rules> {
    let bytes = yaml::read_limited(path, MAX_FILE_BYTES, FileKind::Rules, lang)?;
    parse(path, &bytes, lang).map_err(|problems| Error::ScenarioInvalid { problems })
}

/// Validates a rules or scenario file from its bytes; `path` is only for messages.
pub fn parse(path: &Path, bytes: &[u8], lang: Lang) -> Result<Rules, Vec<Located>> {
    let text = yaml::utf8(path, bytes, lang).map_err(|e| vec![e])?;
    if text.trim().is_empty() {
        return Err(vec![Located {
            path: path.to_owned(),
            line: 1,
            column: 1,
            message: msg::GRADE_RULES_EMPTY.get(lang).to_owned(),
        }]);
    }
    let positions = Positions::of(text);
    if positions.has("steps") {
        return load::parse(path, bytes, lang).map(Rules::from_scenario);
    }
    let raw: RawRules = yaml::from_yaml(path, text, lang).map_err(|e| vec![e])?;
    // The same checks, messages and positions as the same fields of a scenario.
    let lexicon = Lexicon::for_file(path, lang)?;
    let positions = OnDemand::found(text, positions);
    let mut v = Validator::new(path, lang, &positions, &lexicon);
    let rules = Rules {
        banned: v.banned("banned", raw.banned),
        required: v.required("required", raw.required),
        conversation: v.conversation(raw.conversation),
        when: raw
            .when
            .map(|w| v.phrase_list("when.mentions", w.mentions))
            .unwrap_or_default(),
    };
    v.finish().map(|()| rules)
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
        assert_eq!(&*r.banned[1].except, ["不保证"]);
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
