//! Text normalisation (spec §2): turns an answer or a phrase into the form both are
//! matched in — Unicode NFKC, Traditional → Simplified with OpenCC's `t2s` dictionaries
//! ([`super::t2s`]), ASCII lower-case, whitespace and punctuation removed — and keeps,
//! for every normalised char, the index of the original char it came from, so a match
//! can be shown in the answer the trainee actually typed. `您` and `你` stay distinct.
//!
//! Speed matters (whole call-centre transcripts get graded), so the usual case is one
//! pass over the input: a table over the BMP gives, for each char, the result of all
//! four steps at once, runs of chars that need nothing are copied in bulk, and phrase
//! matches are found on the input itself. That is only exact when NFKC cannot change
//! which phrases match; the rare input where it could (compatibility ideographs,
//! combining marks) is first put through NFKC, then folded the same way.
//!
//! This file holds the entry points; [`rules`] says what becomes of one char, and
//! `engine` is the one-pass fold that applies those rules to whole texts.

mod engine;
#[cfg(test)]
mod reference;
mod rules;
mod sources;
mod tables;

use engine::{Fold, NeedsNfkc};
use rules::nfkc_mapped;
pub use sources::sources;

use super::t2s::t2s;

/// Normalised text plus, for each char of `text`, the index (in chars, i.e. Unicode
/// scalar values) of the original char it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pub origin: Vec<u32>,
}

/// The normalised form of `s`; the same as `normalize_mapped(s).text`.
pub fn normalize(s: &str) -> String {
    normalize_with_new(s, false, true).text
}

/// Normalises `s` and records where every output char came from.
pub fn normalize_mapped(s: &str) -> Normalized {
    let mut out = Normalized::default();
    normalize_mapped_into(s, &mut out);
    out
}

/// [`normalize_mapped`] into `out`, whose contents are replaced: a caller normalising
/// many texts keeps one buffer.
pub fn normalize_mapped_into(s: &str, out: &mut Normalized) {
    normalize_with(s, true, true, out);
}

/// Phrase-side helper for the matcher: like [`normalize`], but every char goes through
/// the Traditional → Simplified conversion on its own, without phrase context.
pub(crate) fn normalize_charwise(s: &str) -> String {
    normalize_with_new(s, false, false).text
}

/// Normalises the text made of `parts` each followed by `separator`, without building
/// it: `out` (whose contents are replaced) is exactly [`normalize_mapped_into`] of that
/// text, and `starts` is set to the char offset where each part begins in it.
///
/// Each part is folded on its own, which gives the same result whenever no phrase
/// can span a separator (it is in no phrase) and nothing goes through NFKC (which
/// could combine a part's first char with the separator before it); otherwise the
/// text is built and normalised whole.
pub fn normalize_joined_into<'a>(
    parts: impl Iterator<Item = &'a str> + Clone,
    separator: char,
    out: &mut Normalized,
    starts: &mut Vec<u32>,
) {
    out.text.clear();
    out.origin.clear();
    starts.clear();
    let mut buf = [0; 4];
    let separator: &str = separator.encode_utf8(&mut buf);
    let joined = || {
        let mut text = String::new();
        for part in parts.clone() {
            text.push_str(part);
            text.push_str(separator);
        }
        text
    };
    let cc = t2s();
    if separator.chars().any(|c| cc.in_phrase(c)) {
        normalize_with(&joined(), true, true, out);
        fill_starts(parts, separator, starts);
        return;
    }
    let mut index = 0;
    for part in parts.clone() {
        starts.push(to_u32(index));
        for piece in [part, separator] {
            let fold = Fold {
                text: piece,
                origins: None,
                mapped: true,
                phrases: true,
                nfkc_done: false,
            };
            match fold.run(out, index) {
                Ok(end) => index = end,
                Err(NeedsNfkc) => {
                    normalize_with(&joined(), true, true, out);
                    fill_starts(parts, separator, starts);
                    return;
                }
            }
        }
    }
}

/// The char offset where each part begins in `parts` joined by `separator`.
fn fill_starts<'a>(parts: impl Iterator<Item = &'a str>, separator: &str, starts: &mut Vec<u32>) {
    starts.clear();
    let mut index = 0;
    let step = separator.chars().count();
    for part in parts {
        starts.push(to_u32(index));
        index += part.chars().count() + step;
    }
}

fn normalize_with_new(s: &str, mapped: bool, phrases: bool) -> Normalized {
    let mut out = Normalized::default();
    normalize_with(s, mapped, phrases, &mut out);
    out
}

/// `mapped`: record origins; `phrases`: convert with phrase context. Replaces the
/// contents of `out`.
fn normalize_with(s: &str, mapped: bool, phrases: bool, out: &mut Normalized) {
    out.text.clear();
    out.origin.clear();
    out.text.reserve(s.len());
    if mapped {
        out.origin.reserve(s.len() / 2);
    }
    // ASCII has no phrases to look for and never needs NFKC.
    let phrases = phrases && !s.is_ascii();
    let fast = Fold {
        text: s,
        origins: None,
        mapped,
        phrases,
        nfkc_done: false,
    };
    if fast.run(out, 0).is_ok() {
        return;
    }
    out.text.clear();
    out.origin.clear();
    let (nfkc, nfkc_origin) = nfkc_mapped(s);
    let slow = Fold {
        text: &nfkc,
        origins: Some(&nfkc_origin),
        mapped,
        phrases,
        nfkc_done: true,
    };
    // With `nfkc_done` no char asks for NFKC, so this cannot fail.
    let _ = slow.run(out, 0);
}

/// What the one-pass fold does with one char of a text, for a caller that consumes
/// the normalised text as it is made (see [`crate::text::matcher`]'s fused search) and
/// must give exactly what [`normalize_mapped`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Becomes this one char (itself, when unchanged).
    To(char),
    /// Vanishes (whitespace, punctuation).
    Drop,
    /// Becomes several chars, or one beyond the BMP: [`fold_slow`] says which.
    Slow,
    /// The whole text must go through NFKC first: only [`normalize_mapped`] is exact.
    WholeText,
}

/// How the one-pass fold treats `c`: its [`Step`] outside OpenCC phrases, whether it
/// occurs in a phrase key, and whether it is a witness: a run of phrase chars holding
/// one is converted phrases first ([`fold_phrase_run`]), any other char by its step.
pub(crate) fn step_of(c: char) -> (Step, bool, bool) {
    let (code, in_phrase, witness) = engine::entry_of(c);
    let step = match code {
        rules::KEEP => Step::To(c),
        rules::DROP => Step::Drop,
        rules::SLOW => Step::Slow,
        rules::NEEDS_NFKC => Step::WholeText,
        code => char::from_u32(u32::from(code)).map_or(Step::WholeText, Step::To),
    };
    (step, in_phrase, witness)
}

/// The chars a [`Step::Slow`] char becomes, in order.
pub(crate) fn fold_slow(c: char, push: impl FnMut(char)) {
    engine::fold_slow_char(c, push);
}

/// The normalisation of `text[span]`, a run of phrase chars (see [`step_of`]) holding
/// a witness, whose first char has index `index` in the whole text, into `out` (its
/// contents replaced; origins are indexes in the whole text). Returns the index after
/// the run, or `None` when the whole text must go through NFKC first.
pub(crate) fn fold_phrase_run(
    text: &str,
    span: std::ops::Range<usize>,
    index: usize,
    out: &mut Normalized,
) -> Option<usize> {
    engine::fold_phrase_run(text, span, index, out).ok()
}

/// Texts longer than 4 Gi chars cannot occur in an answer; saturate rather than wrap.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
