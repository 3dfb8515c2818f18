//! The serde shape of a scenario file (spec §1), kept apart from the domain model.
//! Unknown fields are errors everywhere, so a typo never silently drops a rule;
//! lists may be written as `null` (an empty key) and mean "none".

use std::fmt;

use serde::Deserialize;
use serde::de::{self, MapAccess, SeqAccess, Visitor};

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a scenario: a mapping with id, title, skill and steps"
)]
pub struct RawScenario {
    pub id: String,
    pub title: String,
    pub skill: String,
    pub difficulty: Option<Int>,
    pub pass_score: Option<Int>,
    pub source: Option<String>,
    pub brief: Option<String>,
    pub persona: Option<RawPersona>,
    pub banned: Option<Vec<RawBanned>>,
    pub conversation: Option<Vec<RawRule>>,
    pub steps: Vec<RawStep>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a persona: a mapping with name, description, patience"
)]
pub struct RawPersona {
    pub name: Option<String>,
    pub description: Option<String>,
    pub patience: Option<Int>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a conversation rule: a mapping with mentions, at_least, why"
)]
pub struct RawRule {
    pub mentions: Vec<Text>,
    pub at_least: Option<Int>,
    pub why: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a step: a mapping with id, customer and optional checks"
)]
pub struct RawStep {
    pub id: String,
    /// A short name for the step, shown instead of its id (an extension of spec §1;
    /// default: the task, shortened).
    pub title: Option<String>,
    pub customer: OneOrMany,
    pub task: Option<String>,
    pub required: Option<Vec<RawRequired>>,
    pub banned: Option<Vec<RawBanned>>,
    pub question: Option<bool>,
    pub max_chars: Option<Int>,
    pub hint: Option<String>,
    pub model_answer: Option<String>,
    pub on_pass: Option<String>,
    pub on_fail: Option<String>,
    pub examples: Option<RawExamples>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "examples: a mapping with pass and fail lists"
)]
pub struct RawExamples {
    pub pass: Option<Vec<Text>>,
    pub fail: Option<Vec<Text>>,
}

/// A phrase or line of text. Plain scalars that YAML would read as numbers
/// (a hotline such as `95566`) are kept as the digits written.
#[derive(Debug, Clone, PartialEq)]
pub struct Text(pub String);

/// A whole number; range checks come later, with the field's position.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Int(pub i64);

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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequiredMap {
    any: Option<Vec<Text>>,
    concept: Option<String>,
    label: Option<String>,
    why: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BannedMap {
    phrase: Option<Text>,
    concept: Option<String>,
    except: Option<Vec<Text>>,
    why: Option<String>,
    unless_negated: Option<bool>,
    clause: Option<bool>,
    alone: Option<bool>,
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a phrase (text)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        Ok(Text(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        Ok(Text(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        d.deserialize_any(TextVisitor)
    }
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
