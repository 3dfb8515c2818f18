//! The raw-byte prefilter of `grade`: before a line is normalised, its bytes are
//! searched for every raw form of one anchor char of each pattern the automata look
//! for (see [`crate::text::normalize::sources`]). A line with none of them cannot
//! hold any phrase once normalised, so it gets the verdict of a conversation where
//! nothing was found without being normalised or matched; it is still parsed and
//! validated in full. A JSON `\u` escape can write any char, so a line with one is
//! always a candidate.

use std::collections::HashSet;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::text::normalize::sources;

/// The raw byte strings whose absence proves a line holds no pattern.
#[derive(Debug)]
pub struct Prefilter {
    searcher: AhoCorasick,
}

/// Beyond this many raw forms, the search costs about what it saves.
const MAX_NEEDLES: usize = 2_000;

impl Prefilter {
    /// The prefilter for `patterns` (normalised strings); `None` when some pattern
    /// has no char whose sources can be listed, or there would be too many.
    pub fn new<'a>(patterns: impl Iterator<Item = &'a str> + Clone) -> Option<Prefilter> {
        let targets: HashSet<char> = patterns.clone().flat_map(str::chars).collect();
        let found = sources(&targets);
        let mut anchors: HashSet<char> = HashSet::new();
        for pattern in patterns {
            // The char with the fewest sources, non-ASCII first (JSON keys are ASCII).
            let anchor = pattern
                .chars()
                .filter(|c| found.contains_key(c))
                .min_by_key(|c| (c.is_ascii(), found[c].len()))?;
            anchors.insert(anchor);
        }
        let mut needles: Vec<String> = anchors
            .iter()
            .flat_map(|a| found[a].iter().map(char::to_string))
            .collect();
        needles.sort_unstable();
        needles.dedup();
        needles.push("\\u".to_owned());
        if needles.len() > MAX_NEEDLES {
            return None;
        }
        let searcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&needles)
            .ok()?;
        Some(Prefilter { searcher })
    }

    /// Whether `line` may hold a pattern once parsed and normalised.
    pub fn candidate(&self, line: &[u8]) -> bool {
        self.searcher.is_match(line)
    }
}

#[cfg(test)]
mod tests;
