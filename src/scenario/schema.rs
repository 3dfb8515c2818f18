//! The JSON Schema of scenario format v1, derived from the serde structs in `raw`
//! (their doc comments are its descriptions) so the schema editors use cannot
//! drift from what the loader accepts. `rehearse schema` prints it; the copy in
//! `schema/scenario-v1.schema.json` is that output, and a test holds the two equal.
//!
//! The types below exist only for the schema: they name the shapes that the raw
//! structs keep as plain strings (an id, a phrase, a skill, a concept name).

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use super::lexicon::Lexicon;
use super::model::Skill;
use super::raw::RawScenario;

/// Where the generated file lives in the repository, for messages and tests.
pub const FILE: &str = "schema/scenario-v1.schema.json";

/// The schema's `$id`: a name, not a place to fetch it from.
const ID: &str = "https://rehearse.invalid/schema/scenario-v1.schema.json";

/// The schema as JSON text, formatted as the shipped file is: two-space indent,
/// the top-level keys in reading order (what it is, then its fields, then the
/// shared definitions), a final line break.
pub fn text() -> String {
    let schema = value();
    let mut keys: Vec<&String> = schema
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    keys.sort_by_key(|k| {
        TOP_ORDER
            .iter()
            .position(|t| t == k)
            .unwrap_or(TOP_ORDER.len())
    });
    let ordered = Ordered(keys.into_iter().map(|k| (k.as_str(), &schema[k])).collect());
    let mut out = serde_json::to_string_pretty(&ordered).unwrap_or_default();
    out.push('\n');
    out
}

const TOP_ORDER: [&str; 9] = [
    "$schema",
    "$id",
    "title",
    "description",
    "type",
    "additionalProperties",
    "required",
    "properties",
    "$defs",
];

/// A JSON object written with its keys in the given order.
struct Ordered<'a>(Vec<(&'a str, &'a serde_json::Value)>);

impl serde::Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().copied())
    }
}

/// The schema as a JSON value.
pub fn value() -> serde_json::Value {
    let mut schema = SchemaGenerator::default().into_root_schema_for::<RawScenario>();
    schema.insert("$id".to_owned(), ID.into());
    schema.to_value()
}

/// An id: a scenario's or a step's, or a step named as the next one.
pub struct Id;

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Lower-case letters a-z, digits and `-`. 只用 a-z、0-9 和 -。",
            "type": "string",
            "pattern": "^[a-z0-9-]+$"
        })
    }
}

/// A phrase to look for in an answer. Numbers written bare (`95566`) are text.
pub struct Phrase;

impl JsonSchema for Phrase {
    fn schema_name() -> Cow<'static, str> {
        "phrase".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A phrase; matched after normalisation (NFKC, Traditional→Simplified, lower case, no spaces or punctuation). A `…` (or `...`) is a gap of up to 8 chars within one clause: 理解…心情. 短语;“…”表示中间可隔至多 8 个字(同一分句内)。",
            "anyOf": [
                { "type": "string", "pattern": "\\S" },
                { "type": "integer" }
            ]
        })
    }
}

/// An item written as a bare phrase or as the mapping `T` (a required or banned item).
pub fn phrase_or<T: JsonSchema>(generator: &mut SchemaGenerator, description: &str) -> Schema {
    let phrase = generator.subschema_for::<Phrase>();
    let map = generator.subschema_for::<T>();
    json_schema!({ "description": description, "anyOf": [phrase, map] })
}

/// A line of text: what the customer says, an example answer.
pub struct Line;

impl JsonSchema for Line {
    fn schema_name() -> Cow<'static, str> {
        "text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "string", "minLength": 1 },
                { "type": "integer" }
            ]
        })
    }
}

/// One line, or variants of it drawn with the seed.
pub struct Lines;

impl JsonSchema for Lines {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "lines".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let line = generator.subschema_for::<Line>();
        json_schema!({
            "anyOf": [
                line,
                { "type": "array", "minItems": 1, "items": line }
            ]
        })
    }
}

/// A skill: one of the names `Skill` knows.
pub struct SkillName;

impl JsonSchema for SkillName {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "skill".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Skill::ALL.iter().map(|s| s.as_str()).collect();
        json_schema!({ "enum": names })
    }
}

/// A lexicon concept's name; the shipped names are offered as examples, so an
/// editor completes them.
pub struct Concept;

impl JsonSchema for Concept {
    fn schema_name() -> Cow<'static, str> {
        "concept".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names: Vec<&str> = Lexicon::shipped()
            .concepts
            .keys()
            .map(String::as_str)
            .collect();
        json_schema!({
            "description": "A lexicon concept: the shipped ones (`rehearse concepts`) or one defined in a lexicon.yaml beside the scenarios. 词库概念名。",
            "type": "string",
            "pattern": "^[a-z0-9-]+$",
            "examples": names
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The file in `schema/` is exactly what `rehearse schema` prints; when the
    /// raw structs change, regenerate it with
    /// `cargo run -- schema > schema/scenario-v1.schema.json`.
    #[test]
    fn the_shipped_schema_file_is_the_derived_schema() {
        let shipped = include_str!("../../schema/scenario-v1.schema.json");
        let derived = text();
        if shipped != derived {
            let diff = similar::TextDiff::from_lines(shipped, derived.as_str())
                .unified_diff()
                .header(FILE, "derived from src/scenario/raw.rs")
                .to_string();
            panic!(
                "{FILE} is out of date; regenerate it with \
                 `cargo run -- schema > {FILE}`\n{diff}"
            );
        }
    }

    #[test]
    fn every_skill_is_offered() {
        let schema = value();
        let skills = &schema["properties"]["skill"]["enum"];
        for skill in Skill::ALL {
            assert!(
                skills
                    .as_array()
                    .is_some_and(|a| a.iter().any(|v| v == skill.as_str())),
                "{} missing from {skills}",
                skill.as_str()
            );
        }
    }
}
