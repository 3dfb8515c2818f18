//! The raw-byte prefilter of `grade`: before a line is normalised, its bytes are
//! searched for every raw form of one anchor char of each pattern the automata look
//! for (see [`crate::text::normalize::sources`]). A line with none of them cannot
//! hold any phrase once normalised, so it gets the verdict of a conversation where
//! nothing was found without being normalised or matched; it is still parsed and
//! validated in full. A JSON `\u` escape can write any char, so a line with one is
//! always a candidate: the prefilter does not look for escapes (a search of its own
//! would be one more pass over the bytes), the line's reader does, giving up its
//! fast path on one and then reading the line in full (see
//! [`crate::grade::line::check_text`]).
//!
//! Each pattern is anchored on its least common char (see [`common`]), or on one
//! about as rare with fewer raw forms (see [`AS_RARE`]), so that ordinary text
//! rarely holds an anchor, and the search runs over a whole block of
//! lines at once: SIMD (Teddy) when there are few raw forms, an automaton otherwise.

use std::collections::{HashMap, HashSet};

use aho_corasick::packed;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use crate::text::normalize::sources;

mod common;

/// The raw byte strings whose absence proves a line holds no pattern.
#[derive(Debug)]
pub struct Prefilter {
    searcher: Searcher,
    /// The anchor chars (normalised), sorted: every pattern holds one.
    anchors: Vec<char>,
}

/// Where a search over a block of lines has got to: the next hit, and which SIMD
/// search suits the block's text.
#[derive(Debug, Default, Clone, Copy)]
pub struct Cursor {
    form: Option<usize>,
    fat: Option<bool>,
}

#[derive(Debug)]
enum Searcher {
    /// SIMD search for a few dozen raw forms: Teddy with 8 buckets, and with 16 when
    /// the machine has it.
    Packed {
        slim: packed::Searcher,
        fat: Option<packed::Searcher>,
    },
    Automaton(AhoCorasick),
}

/// Beyond this share of non-ASCII bytes (in eighths) at its start, a block is searched
/// with 16 buckets. The raw forms of Chinese chars are three bytes that begin alike
/// (0xE4 to 0xE9, then a continuation byte), so in Chinese text 8 buckets of several
/// forms each let through a candidate every few dozen chars, each checked at some
/// cost: 16 buckets make the search about 2.7 times as fast there. In ASCII text,
/// where no lead byte of a form occurs, 8 buckets over 32 bytes at a time are faster.
const FAT_FROM_EIGHTHS: usize = 2;

/// How many bytes at the start of a block tell its kind of text.
const SAMPLE: usize = 4096;

/// Beyond this many raw forms, the search costs about what it saves.
const MAX_NEEDLES: usize = 2_000;

/// Each listed char's place in the list of common chars (0: the most common).
fn commonness() -> HashMap<char, usize> {
    let chars = common::COMMON.iter().flat_map(|line| line.chars());
    chars.enumerate().map(|(i, c)| (c, i)).collect()
}

/// A char's estimated frequency in ordinary text, in arbitrary units, from its place
/// in the list of common chars (as the list was made: the frequency of the char at
/// place `i` is taken as proportional to `1 / (i + 2.5)`); 0 for an unlisted char.
fn frequency(common: &HashMap<char, usize>, c: char) -> f64 {
    common.get(&c).map_or(0.0, |&i| 1.0 / (i as f64 + 2.5))
}

/// Chars at most this many times as frequent as a pattern's least common char are
/// as good an anchor: among them the one with the fewest raw forms is taken. Each
/// raw form is one more needle for the SIMD search, and a needle of another shape
/// (a compatibility form of three bytes that begin otherwise, an enclosed
/// ideograph of four) widens what the search's buckets let through: on everyday
/// Chinese text, 无风险 anchored on 险 (2 forms) instead of the slightly rarer 无
/// (5, among them ⽆ and 🈚) makes the search of ten such phrases about 1.6 times
/// as fast.
const AS_RARE: f64 = 1.25;

impl Prefilter {
    /// The prefilter for `patterns` (normalised strings); `None` when some pattern
    /// has no char whose sources can be listed, or there would be too many.
    pub fn new<'a>(patterns: impl Iterator<Item = &'a str> + Clone) -> Option<Prefilter> {
        let targets: HashSet<char> = patterns.clone().flat_map(str::chars).collect();
        let found = sources(&targets);
        let common = commonness();
        let mut anchors: HashSet<char> = HashSet::new();
        for pattern in patterns {
            // Non-ASCII first (JSON keys are ASCII); among the chars about as rare as
            // the least common one, the one with the fewest sources.
            let chars = pattern.chars().filter(|c| found.contains_key(c));
            let rarest = chars
                .clone()
                .map(|c| (c.is_ascii(), frequency(&common, c)))
                .min_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))?;
            let anchor = chars
                .filter(|&c| {
                    c.is_ascii() == rarest.0 && frequency(&common, c) <= rarest.1 * AS_RARE
                })
                .min_by(|a, b| {
                    found[a]
                        .len()
                        .cmp(&found[b].len())
                        .then(frequency(&common, *a).total_cmp(&frequency(&common, *b)))
                        .then(a.cmp(b))
                })?;
            anchors.insert(anchor);
        }
        let mut anchors: Vec<char> = anchors.into_iter().collect();
        anchors.sort_unstable();
        let mut needles: Vec<String> = anchors
            .iter()
            .flat_map(|a| found[a].iter().map(char::to_string))
            .collect();
        needles.sort_unstable();
        needles.dedup();
        if needles.len() > MAX_NEEDLES {
            return None;
        }
        let packed = |fat: Option<bool>| {
            packed::Config::new()
                .match_kind(packed::MatchKind::LeftmostFirst)
                .only_teddy_fat(fat)
                .builder()
                .extend(&needles)
                .build()
        };
        let searcher = match packed(None) {
            Some(slim) => Searcher::Packed {
                slim,
                fat: packed(Some(true)),
            },
            None => Searcher::Automaton(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&needles)
                    .ok()?,
            ),
        };
        Some(Prefilter { searcher, anchors })
    }

    /// The anchor chars (normalised), sorted: every pattern holds one.
    pub fn anchors(&self) -> &[char] {
        &self.anchors
    }

    /// Whether the line `bytes[start..end]` of a block holds a raw form of an
    /// anchor, searching on from `cursor` (the lines of a block are asked in order,
    /// the search runs once over the whole block). No raw form holds a newline, so a
    /// line holds one exactly when the next hit from its start lies inside it.
    pub fn form_in(&self, bytes: &[u8], start: usize, end: usize, cursor: &mut Cursor) -> bool {
        let fat = *cursor.fat.get_or_insert_with(|| {
            let sample = bytes.get(start..).unwrap_or_default();
            let sample = sample.get(..SAMPLE).unwrap_or(sample);
            let wide = sample.iter().filter(|&&b| b >= 0x80).count();
            wide * 8 > sample.len() * FAT_FROM_EIGHTHS
        });
        next(&mut cursor.form, start, || {
            self.next_form(bytes, start, fat)
        }) < end
    }

    /// Where the first raw form at or after `from` starts in `bytes` (`bytes.len()`
    /// when there is none); `fat`: with 16 buckets if the machine has them.
    fn next_form(&self, bytes: &[u8], from: usize, fat: bool) -> usize {
        if from >= bytes.len() {
            return bytes.len();
        }
        let span = aho_corasick::Span::from(from..bytes.len());
        let found = match &self.searcher {
            Searcher::Packed {
                fat: Some(searcher),
                ..
            } if fat => searcher.find_in(bytes, span).map(|m| m.start()),
            Searcher::Packed { slim, .. } => slim.find_in(bytes, span).map(|m| m.start()),
            Searcher::Automaton(a) => a
                .find(Input::new(bytes).span(from..bytes.len()))
                .map(|m| m.start()),
        };
        found.unwrap_or(bytes.len())
    }
}

/// The next hit at or after `start`: the one kept in `slot` while it is not behind,
/// else a new search.
fn next(slot: &mut Option<usize>, start: usize, search: impl FnOnce() -> usize) -> usize {
    match *slot {
        Some(at) if at >= start => at,
        _ => *slot.insert(search()),
    }
}

#[cfg(test)]
mod tests;
