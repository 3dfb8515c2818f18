//! `rehearse concepts`: the lexicon as a person reads it (one line per concept, or
//! one concept in full) and as JSON.

use std::io::{self, Write};

use colored::Colorize;
use serde::Serialize;

use crate::i18n::{Lang, msg};
use crate::scenario::lexicon::Concept;

/// Phrases shown per concept in the overview.
const OVERVIEW_PHRASES: usize = 8;

pub fn text(w: &mut dyn Write, lang: Lang, concepts: &[&Concept], full: bool) -> io::Result<()> {
    for c in concepts {
        writeln!(w, "{}  {}", c.name.bold(), c.label)?;
        if !full {
            let shown: Vec<&str> = c
                .phrases
                .iter()
                .take(OVERVIEW_PHRASES)
                .map(String::as_str)
                .collect();
            let more = c.phrases.len().saturating_sub(OVERVIEW_PHRASES);
            let tail = if more > 0 {
                format!(" … (+{more})")
            } else {
                String::new()
            };
            writeln!(w, "    {}{}", shown.join(" / "), super::style::quiet(&tail))?;
            continue;
        }
        if let Some(why) = &c.why {
            writeln!(w, "    {why}")?;
        }
        if let Some(source) = &c.source {
            writeln!(
                w,
                "    {}: {}",
                msg::CONCEPTS_SOURCE.get(lang),
                super::style::quiet(source)
            )?;
        }
        writeln!(
            w,
            "    {}: {}",
            msg::CONCEPTS_PHRASES.get(lang),
            c.phrases.join(" / ")
        )?;
        if !c.except.is_empty() {
            writeln!(
                w,
                "    {}: {}",
                msg::CONCEPTS_EXCEPT.get(lang),
                c.except.join(" / ")
            )?;
        }
        if c.unless_negated {
            writeln!(w, "    {}", msg::CONCEPTS_NEGATED.get(lang))?;
        }
        let files: Vec<String> = c.files.iter().map(|f| f.display().to_string()).collect();
        writeln!(
            w,
            "    {}: {}",
            msg::CONCEPTS_FILES.get(lang),
            super::style::quiet(&files.join(", "))
        )?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonConcept<'a> {
    name: &'a str,
    label: &'a str,
    why: Option<&'a str>,
    source: Option<&'a str>,
    phrases: &'a [String],
    except: &'a [String],
    unless_negated: bool,
    files: Vec<String>,
}

pub fn json(w: &mut dyn Write, concepts: &[&Concept]) -> io::Result<()> {
    let list: Vec<JsonConcept<'_>> = concepts
        .iter()
        .map(|c| JsonConcept {
            name: &c.name,
            label: &c.label,
            why: c.why.as_deref(),
            source: c.source.as_deref(),
            phrases: &c.phrases,
            except: &c.except,
            unless_negated: c.unless_negated,
            files: c.files.iter().map(|f| f.display().to_string()).collect(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *w, &list).map_err(io::Error::from)?;
    writeln!(w)
}
