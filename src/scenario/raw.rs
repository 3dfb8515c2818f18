//! The serde shape of a scenario file (spec §1), kept apart from the domain model.
//! Unknown fields are errors everywhere, so a typo never silently drops a rule;
//! lists may be written as `null` (an empty key) and mean "none".
//!
//! The JSON Schema of the format is derived from these structs (`scenario::schema`):
//! a field's doc comment is its description in the schema, shown by editors, so
//! it is written for trainers, in English and Chinese.

use std::fmt;

use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};

pub use crate::yaml::Text;
use crate::yaml::TextVisitor;

use super::schema::{Concept, Id, Line, Lines, Phrase, SkillName, phrase_or};

/// A role-play scenario: a simulated customer speaks, the trainee answers, each answer is scored against required and banned phrases. 一个陪练场景。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a scenario: a mapping with id, title, skill and steps"
)]
#[schemars(title = "rehearse scenario, format v1 / rehearse 场景文件 v1")]
pub struct RawScenario {
    /// Unique across the library; a-z, 0-9 and -. 场景 id,库内唯一。
    #[schemars(with = "Id")]
    pub id: String,
    /// Shown to the trainee. 标题。
    #[schemars(length(min = 1))]
    pub title: String,
    /// The skill practised. 练习的技能。
    #[schemars(with = "SkillName")]
    pub skill: String,
    /// 1 (easy) to 5 (hard); default 1. 难度。
    #[schemars(range(min = 1, max = 5))]
    pub difficulty: Option<Int>,
    /// Score needed to pass, 0 to 100; default 80. 及格分。
    #[schemars(range(min = 0, max = 100))]
    pub pass_score: Option<Int>,
    /// Where the material comes from (manual and section). 出处。
    pub source: Option<String>,
    /// The situation, shown before the first line. 情景说明。
    pub brief: Option<String>,
    /// The simulated customer. 模拟客户。
    pub persona: Option<RawPersona>,
    /// Checked on every step. 全程禁用语。
    pub banned: Option<Vec<RawBanned>>,
    /// Rules over all of the trainee's answers together. 整场对话的规则。
    pub conversation: Option<Vec<RawRule>>,
    /// The conversation, at least one step. 对话步骤。
    #[schemars(length(min = 1))]
    pub steps: Vec<RawStep>,
}

/// The simulated customer. 模拟客户。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a persona: a mapping with name, description, patience, leaves"
)]
#[schemars(rename = "persona")]
pub struct RawPersona {
    /// How the customer is called, e.g. 李先生. 客户称呼。
    pub name: Option<String>,
    /// Who the customer is. 客户情况。
    pub description: Option<String>,
    /// Failed steps the customer tolerates; default unlimited. 客户能容忍的不合格次数。
    #[schemars(range(min = 0))]
    pub patience: Option<Int>,
    // An extension of spec §1.
    /// What the customer says when leaving unsatisfied (walking out, or the conversation ending on a failed answer); default: a line for the scenario's skill. 客户不满意离开时说的话。
    #[schemars(length(min = 1))]
    pub leaves: Option<String>,
}

/// A rule over all of the trainee's answers together. 整场对话的规则。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a conversation rule: a mapping with mentions, at_least, why"
)]
#[schemars(rename = "conversationRule")]
pub struct RawRule {
    /// Total occurrences of any of these phrases. 这些短语出现的总次数。
    #[schemars(with = "Vec<Phrase>", length(min = 1))]
    pub mentions: Vec<Text>,
    /// How many times, at least; default 1. 至少出现几次。
    #[schemars(range(min = 1))]
    pub at_least: Option<Int>,
    /// Why the rule matters, shown when it is not met. 原因。
    pub why: Option<String>,
}

/// One exchange: the customer's line and what the answer must and must not contain. 一个对话步骤。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a step: a mapping with id, customer and optional checks"
)]
#[schemars(rename = "step")]
pub struct RawStep {
    /// Unique in the file; `end` is reserved. 步骤 id。
    #[schemars(with = "Id", extend("not" = {"const": "end"}))]
    pub id: String,
    // An extension of spec §1.
    /// A short name for the step, shown instead of its id (default: the task, shortened). 步骤名称,界面和报告中代替 id 显示;不写则取任务的前半句。
    #[schemars(length(min = 1))]
    pub title: Option<String>,
    /// What the customer says: one line, or variants drawn at random. 客户的话,可写多个变体。
    #[schemars(with = "Lines")]
    pub customer: OneOrMany,
    /// What the trainee should do, shown with the line. 任务说明。
    pub task: Option<String>,
    /// Each item is met when any alternative occurs. 必说短语。
    pub required: Option<Vec<RawRequired>>,
    /// Never to be said on this step. 本步禁用语。
    pub banned: Option<Vec<RawBanned>>,
    /// The answer must be a question. 必须以提问方式回答。
    pub question: Option<bool>,
    /// Longer answers fail this check. 字数上限。
    #[schemars(range(min = 1))]
    pub max_chars: Option<Int>,
    /// Shown on request (`/hint`) or after a failed step. 提示。
    pub hint: Option<String>,
    /// An answer that passes the step, shown on request (`/model`). 参考答案。
    pub model_answer: Option<String>,
    /// Next step id, or end. 通过后去哪一步。
    #[schemars(with = "Option<Id>")]
    pub on_pass: Option<String>,
    /// Next step id, or end. 未通过时去哪一步。
    #[schemars(with = "Option<Id>")]
    pub on_fail: Option<String>,
    /// Self-tests run by `rehearse check`. 自测示例。
    pub examples: Option<RawExamples>,
    // An extension of spec §1.
    /// The branch's best answers, shown to trainees next to the model answer; `rehearse harvest` adds a meeting's chosen answers here; each must pass the step. 本网点优秀话术:学员在参考答案旁看到,由 rehearse harvest 从会议中选入,每条都必须通过本步骤。
    #[schemars(with = "Option<Vec<Line>>")]
    pub best_answers: Option<Vec<Text>>,
}

/// Self-tests run by `rehearse check`. 自测示例。
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "examples: a mapping with pass and fail lists"
)]
#[schemars(rename = "examples")]
pub struct RawExamples {
    /// Answers that must pass the step. 应当通过的回答。
    #[schemars(with = "Option<Vec<Line>>")]
    pub pass: Option<Vec<Text>>,
    /// Answers that must fail the step. 应当不通过的回答。
    #[schemars(with = "Option<Vec<Line>>")]
    pub fail: Option<Vec<Text>>,
}

/// A whole number; range checks come later, with the field's position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Int(pub i64);

impl JsonSchema for Int {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "integer".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "integer" })
    }
}

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Int, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Int;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int, E> {
                Ok(Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int, E> {
                Ok(Int(i64::try_from(v).unwrap_or(i64::MAX)))
            }
        }
        d.deserialize_i64(V)
    }
}

/// `customer: 一句话` or `customer: [变体一, 变体二]`.
#[derive(Debug)]
pub struct OneOrMany(pub Vec<Text>);

/// `- 您好` or `- {any: [...], concept, label, why}`.
#[derive(Debug)]
pub struct RawRequired {
    pub any: Vec<Text>,
    /// A lexicon concept whose phrases are alternatives too.
    pub concept: Option<String>,
    pub label: Option<String>,
    pub why: Option<String>,
}

/// `- 喂` or `- {phrase, except, why, unless_negated, clause}` or `- {concept, …}`.
#[derive(Debug)]
pub struct RawBanned {
    /// `None` when the item names a concept instead.
    pub phrase: Option<Text>,
    pub except: Vec<Text>,
    pub why: Option<String>,
    pub concept: Option<String>,
    pub unless_negated: Option<bool>,
    pub clause: Option<bool>,
    pub alone: Option<bool>,
}

/// A required item written as a map: alternatives, a concept, or both.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(inline, extend("anyOf" = [{"required": ["any"]}, {"required": ["concept"]}]))]
struct RequiredMap {
    /// Alternatives; a negated one (没风险 for 风险) does not count unless it is itself a negative form or sits in a question. 任一出现即可。
    #[schemars(with = "Option<Vec<Phrase>>", length(min = 1))]
    any: Option<Vec<Text>>,
    /// The concept's phrases are alternatives too (after `any`); label and why default from the concept. 引用词库概念。
    #[schemars(with = "Option<Concept>")]
    concept: Option<String>,
    /// The item's name in feedback. 反馈中显示的名称。
    label: Option<String>,
    /// Why it must be said, shown when it is missing. 原因。
    why: Option<String>,
}

/// A banned item written as a map: a phrase or a concept, with options.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    inline,
    extend("oneOf" = [
        {"required": ["phrase"], "not": {"required": ["concept"]}},
        {"required": ["concept"], "not": {"required": ["phrase"]}}
    ])
)]
struct BannedMap {
    /// The banned phrase. 禁用短语。
    #[schemars(with = "Option<Phrase>")]
    phrase: Option<Text>,
    /// Ban every phrase of this lexicon concept (within one clause, with its except list). 禁用整个词库概念。
    #[schemars(with = "Option<Concept>")]
    concept: Option<String>,
    /// Occurrences inside these phrases do not count (e.g. 不保证). 例外短语。
    #[schemars(with = "Option<Vec<Phrase>>")]
    except: Option<Vec<Text>>,
    /// Why it must not be said, shown on a hit. 原因。
    why: Option<String>,
    /// Negated occurrences (不保证, 没有稳赚的, 保证不了) are disclosures, not hits. 否定说法不算违规。
    unless_negated: Option<bool>,
    /// The phrase and its except phrases count only within one clause. 只在同一分句内匹配。
    clause: Option<bool>,
    /// Hit only when the phrase is all the answer (or turn) says, particles and a few polite words aside: a flat 不行, not 不行,系统不支持. 只有整句话就是这个词时才算。
    alone: Option<bool>,
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<OneOrMany, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a line of text or a list of variants")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![Text(v.to_owned())]))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![Text(v.to_string())]))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![Text(v.to_string())]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<OneOrMany, A::Error> {
                Vec::<Text>::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(OneOrMany)
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawRequired {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<RawRequired, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawRequired;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a phrase, or a map with `any` and/or `concept` (and optional `label`, `why`)",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawRequired, E> {
                TextVisitor.visit_str(v).map(RawRequired::phrase)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawRequired, E> {
                TextVisitor.visit_u64(v).map(RawRequired::phrase)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawRequired, E> {
                TextVisitor.visit_i64(v).map(RawRequired::phrase)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawRequired, A::Error> {
                let m = RequiredMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawRequired {
                    any: m.any.unwrap_or_default(),
                    concept: m.concept,
                    label: m.label,
                    why: m.why,
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for RawRequired {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "required".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        phrase_or::<RequiredMap>(
            generator,
            "A phrase, or alternatives and/or a concept with a label and a reason. 必说项:一个短语,或一组说法/词库概念。",
        )
    }
}

impl RawRequired {
    fn phrase(t: Text) -> RawRequired {
        RawRequired {
            any: vec![t],
            concept: None,
            label: None,
            why: None,
        }
    }
}

impl<'de> Deserialize<'de> for RawBanned {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<RawBanned, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawBanned;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a phrase, or a map with `phrase` or `concept` (and optional `except`, `why`, `unless_negated`, `clause`, `alone`)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawBanned, E> {
                TextVisitor.visit_str(v).map(RawBanned::phrase)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawBanned, E> {
                TextVisitor.visit_u64(v).map(RawBanned::phrase)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawBanned, E> {
                TextVisitor.visit_i64(v).map(RawBanned::phrase)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawBanned, A::Error> {
                let m = BannedMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawBanned {
                    phrase: m.phrase,
                    except: m.except.unwrap_or_default(),
                    why: m.why,
                    concept: m.concept,
                    unless_negated: m.unless_negated,
                    clause: m.clause,
                    alone: m.alone,
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for RawBanned {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "banned".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        phrase_or::<BannedMap>(
            generator,
            "A phrase, or a phrase or concept with exceptions and options. 禁用项:一个短语,或带例外和选项的短语/词库概念。",
        )
    }
}

impl RawBanned {
    fn phrase(t: Text) -> RawBanned {
        RawBanned {
            phrase: Some(t),
            except: Vec::new(),
            why: None,
            concept: None,
            unless_negated: None,
            clause: None,
            alone: None,
        }
    }
}
