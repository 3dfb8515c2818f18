//! The lexicon of service concepts: named phrase lists (greeting, apology, the
//! no-guarantee disclosure, forecasting a return …) that a scenario's required and
//! banned items refer to with `concept: NAME` instead of repeating the list.
//!
//! The shipped lexicon (`lexicon/service.yaml`, compiled in) is written from the
//! manuals, each concept with its source and why. A branch adds or extends concepts in
//! a `lexicon.yaml` beside its scenarios: every `lexicon.yaml` in the scenario file's
//! folder and the folders above it applies, the outermost first. A name the shipped
//! lexicon (or an outer file) already has is extended: its phrases and `except`
//! phrases are added to, and a `label`, `why` or `source` given replaces the old one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::error::Located;
use crate::i18n::{Lang, msg};

use crate::yaml::{
    self, FileKind, MAX_FILE_BYTES, OnDemand, Pos, Text, from_yaml_shaped, located, utf8,
};

use super::validate::valid_id;

/// The file name a branch's own lexicon is looked for under.
pub const FILE_NAME: &str = "lexicon.yaml";

/// The shipped lexicon's text and the name it is reported under.
const SHIPPED: &str = include_str!("../../lexicon/service.yaml");
const SHIPPED_PATH: &str = "lexicon/service.yaml";

/// One concept: the ways of saying one idea.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Concept {
    pub name: String,
    /// Shown when a required item made from it is missing.
    pub label: String,
    /// What it means and why the manuals ask for (or forbid) it.
    pub why: Option<String>,
    /// Where in the manuals it comes from.
    pub source: Option<String>,
    /// The phrases, most natural first (feedback shows the first few). Kept once: the
    /// items made from the concept refer to this list (see
    /// [`crate::scenario::model::Listed`]).
    pub phrases: Arc<[String]>,
    /// Used as a banned item: places inside these phrases are not hits. Kept once like
    /// `phrases`.
    pub except: Arc<[String]>,
    /// Used as a banned item: negated occurrences (不保证, 没有稳赚的) are not hits.
    pub unless_negated: bool,
    /// The files that defined or extended it, in order.
    pub files: Vec<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lexicon {
    pub concepts: BTreeMap<String, Concept>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a lexicon: a mapping with `concepts`"
)]
struct RawLexicon {
    concepts: BTreeMap<String, RawConcept>,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a concept: a mapping with phrases and optional label, why, source, except, unless_negated"
)]
struct RawConcept {
    label: Option<String>,
    why: Option<String>,
    source: Option<String>,
    phrases: Option<Vec<Text>>,
    except: Option<Vec<Text>>,
    unless_negated: Option<bool>,
}

/// The lexicon that applies to a file (see [`Lexicon::for_file`]): the shipped one,
/// read only when something looks into it (most rules files name no concept), or the
/// shipped one extended by a branch's files.
#[derive(Debug, Clone)]
pub enum Applying {
    Shipped,
    Extended(Lexicon),
}

impl std::ops::Deref for Applying {
    type Target = Lexicon;

    fn deref(&self) -> &Lexicon {
        match self {
            Applying::Shipped => Lexicon::shipped(),
            Applying::Extended(lex) => lex,
        }
    }
}

impl Lexicon {
    /// The shipped lexicon alone.
    pub fn shipped() -> &'static Lexicon {
        static SHIPPED_LEXICON: OnceLock<Lexicon> = OnceLock::new();
        SHIPPED_LEXICON.get_or_init(|| {
            let mut lex = Lexicon::default();
            // The shipped file is checked by the test suite; were it ever broken, the
            // library would report every concept as unknown rather than panic.
            let _ = lex.extend(Path::new(SHIPPED_PATH), SHIPPED, Lang::En);
            lex
        })
    }

    /// The lexicon that applies to the scenario at `path`: the shipped one extended by
    /// every `lexicon.yaml` in the folders from the outermost down to `path`'s own.
    pub fn for_file(path: &Path, lang: Lang) -> Result<Applying, Vec<Located>> {
        Lexicon::for_folder(crate::atomic::folder(path), lang)
    }

    /// The lexicon that applies to every scenario in folder `dir` (see
    /// [`Lexicon::for_file`]).
    pub fn for_folder(dir: &Path, lang: Lang) -> Result<Applying, Vec<Located>> {
        let files = branch_files_in(dir);
        if files.is_empty() {
            return Ok(Applying::Shipped);
        }
        let mut lex = Lexicon::shipped().clone();
        for file in files {
            let bytes = yaml::read_limited(&file, MAX_FILE_BYTES, FileKind::Lexicon, lang)
                .map_err(|e| match e {
                    // Already located in the lexicon file.
                    crate::error::Error::ScenarioInvalid { problems } => problems,
                    other => vec![located(
                        &file,
                        Pos { line: 1, column: 1 },
                        crate::i18n::render_error(&other, lang),
                    )],
                })?;
            let text = utf8(&file, &bytes, lang).map_err(|e| vec![e])?;
            lex.extend(&file, text, lang)?;
        }
        Ok(Applying::Extended(lex))
    }

    /// Adds or extends concepts from one lexicon file's text.
    pub fn extend(&mut self, path: &Path, text: &str, lang: Lang) -> Result<(), Vec<Located>> {
        // Every field typed and a few levels deep: read in one pass (see
        // [`from_yaml_shaped`]), the shipped file at every start included.
        let raw: RawLexicon = from_yaml_shaped(path, text, lang).map_err(|e| vec![e])?;
        // Where each field is, worked out only for a problem to report.
        let positions = OnDemand::new(text);
        let mut problems = Vec::new();
        for (name, c) in raw.concepts {
            let at = format!("concepts.{name}");
            let problem =
                |field: &str, message: String| located(path, positions.at(field), message);
            if !valid_id(&name) {
                problems.push(problem(&at, msg::BAD_ID.fill(lang, &[&at, &name])));
            }
            let mut phrases = |field: &str, list: Option<Vec<Text>>| -> Vec<String> {
                list.unwrap_or_default()
                    .into_iter()
                    .enumerate()
                    .filter_map(|(i, t)| {
                        let f = format!("{at}.{field}[{i}]");
                        if crate::text::normalize::normalize(&t.0).is_empty() {
                            problems.push(problem(&f, msg::EMPTY_PHRASE.fill(lang, &[&f])));
                            None
                        } else {
                            Some(t.0)
                        }
                    })
                    .collect()
            };
            let new_phrases = phrases("phrases", c.phrases);
            let new_except = phrases("except", c.except);
            let entry = self
                .concepts
                .entry(name.clone())
                .or_insert_with(|| Concept {
                    name: name.clone(),
                    label: name.clone(),
                    ..Concept::default()
                });
            let fresh = entry.files.is_empty();
            if fresh && new_phrases.is_empty() {
                let f = format!("{at}.phrases");
                problems.push(problem(&at, msg::MUST_NOT_BE_EMPTY.fill(lang, &[&f])));
            }
            if let Some(label) = c.label.filter(|l| !l.trim().is_empty()) {
                entry.label = label;
            }
            if c.why.is_some() {
                entry.why = c.why;
            }
            if c.source.is_some() {
                entry.source = c.source;
            }
            if let Some(u) = c.unless_negated {
                entry.unless_negated = u;
            }
            add_new(&mut entry.phrases, new_phrases);
            add_new(&mut entry.except, new_except);
            entry.files.push(path.to_owned());
        }
        if problems.is_empty() {
            Ok(())
        } else {
            problems.sort_by_key(|p| (p.line, p.column));
            Err(problems)
        }
    }

    pub fn get(&self, name: &str) -> Option<&Concept> {
        self.concepts.get(name)
    }

    /// Every concept's name, for messages.
    pub fn names(&self) -> String {
        self.concepts.keys().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// Adds to `list` the phrases of `new` it does not have yet, in order.
fn add_new(list: &mut Arc<[String]>, new: Vec<String>) {
    if new.iter().all(|p| list.contains(p)) {
        return;
    }
    let mut grown = list.to_vec();
    for p in new {
        if !grown.contains(&p) {
            grown.push(p);
        }
    }
    *list = grown.into();
}

/// Whether `path` names a lexicon file rather than a scenario.
pub fn is_lexicon_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == FILE_NAME || n == "lexicon.yml")
}

/// The `lexicon.yaml` files that apply to the scenarios in folder `dir`, outermost
/// first.
pub fn branch_files_in(dir: &Path) -> Vec<PathBuf> {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    let mut out: Vec<PathBuf> = dir
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .filter(|f| std::fs::metadata(f).is_ok_and(|m| m.is_file()))
        .collect();
    out.reverse();
    out
}

#[cfg(test)]
mod tests;
