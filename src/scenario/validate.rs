//! The semantic checks of spec §1 on the raw structs of a scenario: ids, ranges,
//! phrases, concepts, branches. Every problem is collected with its position, found in
//! a [`Positions`] index. `grade` checks its rules files with the same pieces.

mod steps;

use std::path::Path;

use crate::error::Located;
use crate::i18n::{Lang, msg};
use crate::text::matcher::forms;
use crate::yaml::{OnDemand, located};

use super::lexicon::{Applying, Concept};
use super::model::{Banned, ConversationRule, Listed, Phrase, PhraseList, Required};
use super::raw::{Int, RawBanned, RawRequired, RawRule, Text};

/// The semantic checks of spec §1 on raw structs, collecting every problem with its
/// position. `grade` checks its rules files with the same pieces.
pub(crate) struct Validator<'a> {
    path: &'a Path,
    lang: Lang,
    positions: &'a OnDemand<'a>,
    lexicon: &'a Applying,
    problems: Vec<Located>,
}

pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl<'a> Validator<'a> {
    pub(crate) fn new(
        path: &'a Path,
        lang: Lang,
        positions: &'a OnDemand<'a>,
        lexicon: &'a Applying,
    ) -> Validator<'a> {
        Validator {
            path,
            lang,
            positions,
            lexicon,
            problems: Vec::new(),
        }
    }

    /// The concept `name` at `field`, or a located problem naming the known ones.
    /// (`field` is worked out only for a problem.)
    fn concept(&mut self, field: impl FnOnce() -> String, name: &str) -> Option<&'a Concept> {
        let found = self.lexicon.get(name);
        if found.is_none() {
            let field = field();
            let m = msg::UNKNOWN_CONCEPT.fill(self.lang, &[&field, &name, &self.lexicon.names()]);
            self.problem(&field, m);
        }
        found
    }

    /// Every problem found, in file order; `Ok` when there was none.
    pub(crate) fn finish(mut self) -> Result<(), Vec<Located>> {
        if self.problems.is_empty() {
            return Ok(());
        }
        self.problems.sort_by_key(|p| (p.line, p.column));
        Err(self.problems)
    }

    fn problem(&mut self, field: &str, message: String) {
        let pos = self.positions.at(field);
        self.problems.push(located(self.path, pos, message));
    }

    fn id(&mut self, field: &str, id: &str) {
        if !valid_id(id) {
            self.problem(field, msg::BAD_ID.fill(self.lang, &[&field, &id]));
        }
    }

    fn non_empty(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.problem(field, msg::MUST_NOT_BE_EMPTY.fill(self.lang, &[&field]));
        }
    }

    fn range(&mut self, field: &str, value: Option<Int>, min: i64, max: i64, default: i64) -> i64 {
        match value.map(|v| v.0) {
            None => default,
            Some(v) if (min..=max).contains(&v) => v,
            Some(v) => {
                self.problem(
                    field,
                    msg::OUT_OF_RANGE.fill(self.lang, &[&field, &v, &min, &max]),
                );
                default
            }
        }
    }

    fn phrase(&mut self, field: &str, phrase: Text) -> String {
        if phrase.0.trim().is_empty() {
            self.problem(field, msg::EMPTY_PHRASE.fill(self.lang, &[&field]));
        } else if forms(&phrase.0).normal.is_empty() {
            self.problem(
                field,
                msg::EMPTY_AFTER_NORMALISING.fill(self.lang, &[&field]),
            );
        }
        phrase.0
    }

    /// [`Validator::phrase`] at a field that depends on how the phrase was written
    /// (`field` picks it from the positions): the file is walked for positions only
    /// when the phrase has a problem.
    fn phrase_at(&mut self, field: impl FnOnce(&OnDemand<'_>) -> String, phrase: Text) -> String {
        let fine = !phrase.0.trim().is_empty() && !forms(&phrase.0).normal.is_empty();
        if fine {
            return phrase.0;
        }
        let field = field(self.positions);
        self.phrase(&field, phrase)
    }

    /// A non-empty list of phrases at `field`.
    pub(crate) fn phrase_list(&mut self, field: &str, list: Vec<Text>) -> Vec<String> {
        self.phrases(field, list)
    }

    fn phrases(&mut self, field: &str, list: Vec<Text>) -> Vec<String> {
        if list.is_empty() {
            self.problem(field, msg::MUST_NOT_BE_EMPTY.fill(self.lang, &[&field]));
        }
        list.into_iter()
            .enumerate()
            .map(|(i, p)| self.phrase_at(|_| format!("{field}[{i}]"), p))
            .collect()
    }

    /// Banned items at `field` (`banned`, `steps[2].banned`). An item naming a
    /// concept stands for one banned item per phrase of the concept.
    pub(crate) fn banned(&mut self, field: &str, list: Option<Vec<RawBanned>>) -> Vec<Banned> {
        let mut out = Vec::new();
        for (i, b) in list.unwrap_or_default().into_iter().enumerate() {
            let at = format!("{at}[{i}]", at = field);
            let except: Vec<String> = b
                .except
                .into_iter()
                .enumerate()
                .map(|(j, e)| self.phrase_at(|_| format!("{at}.except[{j}]"), e))
                .collect();
            let clause = b.clause.unwrap_or(false);
            match (b.phrase, b.concept) {
                (Some(phrase), None) => {
                    // Written as a bare phrase, or as a map with `phrase`.
                    let field = |p: &OnDemand<'_>| {
                        let field = format!("{at}.phrase");
                        if p.has(&field) { field } else { at.clone() }
                    };
                    let phrase = self.phrase_at(field, phrase);
                    out.push(Banned {
                        phrase: phrase.into(),
                        except: except.into(),
                        why: b.why.map(Into::into),
                        unless_negated: b.unless_negated.unwrap_or(false),
                        clause,
                        alone: b.alone.unwrap_or(false),
                        concept: None,
                    });
                }
                (None, Some(name)) => {
                    let Some(c) = self.concept(|| format!("{at}.concept"), &name) else {
                        continue;
                    };
                    // One `except` list for all the concept's phrases: the lexicon's,
                    // unless the item adds its own.
                    let all_except: PhraseList = if except.is_empty() {
                        PhraseList::listed(Listed::new(&c.except))
                    } else {
                        c.except
                            .iter()
                            .cloned()
                            .chain(except)
                            .collect::<Vec<_>>()
                            .into()
                    };
                    let why: Option<std::sync::Arc<str>> =
                        b.why.or_else(|| c.why.clone()).map(Into::into);
                    let name: std::sync::Arc<str> = name.into();
                    let phrases = Listed::new(&c.phrases);
                    out.extend((0..c.phrases.len()).filter_map(|k| {
                        Some(Banned {
                            phrase: Phrase::listed(&phrases, k)?,
                            except: all_except.clone(),
                            why: why.clone(),
                            unless_negated: b.unless_negated.unwrap_or(c.unless_negated),
                            // A concept's phrases are matched within one clause.
                            clause: b.clause.unwrap_or(true),
                            alone: b.alone.unwrap_or(false),
                            concept: Some(name.clone()),
                        })
                    }));
                }
                _ => {
                    let m = msg::PHRASE_OR_CONCEPT.fill(self.lang, &[&at]);
                    self.problem(&at, m);
                }
            }
        }
        out
    }

    /// Required items at `field` (`required`, `steps[2].required`). An item naming a
    /// concept has the concept's phrases as alternatives, after its own `any`.
    pub(crate) fn required(
        &mut self,
        field: &str,
        list: Option<Vec<RawRequired>>,
    ) -> Vec<Required> {
        list.unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(j, r)| {
                let field = format!("{field}[{j}]");
                let concept = r
                    .concept
                    .as_deref()
                    .and_then(|name| self.concept(|| format!("{field}.concept"), name));
                let mut any: Vec<Phrase> = if r.any.is_empty() && r.concept.is_some() {
                    Vec::new()
                } else if r.label.is_none() && r.why.is_none() && r.any.len() == 1 {
                    // Written as a bare phrase, or as a one-item `any`.
                    let at = |p: &OnDemand<'_>| {
                        if p.has(&format!("{field}.any")) {
                            format!("{field}.any[0]")
                        } else {
                            field.clone()
                        }
                    };
                    (r.any.into_iter())
                        .map(|p| self.phrase_at(at, p).into())
                        .collect()
                } else {
                    let list = self.phrases(&format!("{field}.any"), r.any);
                    list.into_iter().map(Into::into).collect()
                };
                if let Some(c) = concept {
                    // The concept's phrases not already there, each once (a concept's
                    // own are distinct): a set of what is there, as a concept has dozens.
                    let there: foldhash::HashSet<&str> = any.iter().map(|p| p.as_str()).collect();
                    let new: Vec<usize> = (c.phrases.iter().enumerate())
                        .filter(|(_, p)| !there.contains(p.as_str()))
                        .map(|(k, _)| k)
                        .collect();
                    let phrases = Listed::new(&c.phrases);
                    any.extend(new.into_iter().filter_map(|k| Phrase::listed(&phrases, k)));
                }
                let label = r
                    .label
                    .filter(|l| !l.trim().is_empty())
                    .or_else(|| concept.map(|c| c.label.clone()))
                    .or_else(|| any.first().map(|p| p.to_string()))
                    .unwrap_or_default();
                Required {
                    any,
                    label,
                    why: r.why.or_else(|| concept.and_then(|c| c.why.clone())),
                    concept: r.concept,
                }
            })
            .collect()
    }

    /// The top-level `conversation` rules.
    pub(crate) fn conversation(&mut self, list: Option<Vec<RawRule>>) -> Vec<ConversationRule> {
        list.unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let at = format!("conversation[{i}]");
                let phrases = self.phrases(&format!("{at}.mentions"), r.mentions);
                let at_least = self.range(
                    &format!("{at}.at_least"),
                    r.at_least,
                    1,
                    i64::from(u32::MAX),
                    1,
                );
                ConversationRule::Mentions {
                    phrases,
                    at_least: at_least as u32,
                    why: r.why,
                }
            })
            .collect()
    }
}
