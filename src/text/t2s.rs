//! Traditional → Simplified Chinese conversion with OpenCC 1.4.2's `t2s` dictionaries,
//! vendored in `data/opencc/` and compiled in. Like OpenCC, it does forward maximum
//! matching: at each position the longest phrase of `TSPhrases` wins, otherwise the char
//! is looked up in `TSCharactersExt`, then `TSCharacters`, taking the first candidate
//! (the char tables are compiled in as lists worked out from them, see `tables`).
//! A handful of Taiwan and Hong Kong variant chars is folded in too (see
//! [`REGIONAL_VARIANTS`]). Simplified text comes out unchanged. The tables are parsed
//! once per process; a malformed line is skipped, never a panic.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

#[cfg(test)]
mod canon;
mod tables;

const PHRASES: &str = include_str!("../../data/opencc/TSPhrases.txt");
#[cfg(test)]
const CHARACTERS: &str = include_str!("../../data/opencc/TSCharacters.txt");
#[cfg(test)]
const CHARACTERS_EXT: &str = include_str!("../../data/opencc/TSCharactersExt.txt");
#[cfg(test)]
const TW_VARIANTS_REV: &str = include_str!("../../data/opencc/TWVariantsRev.txt");
#[cfg(test)]
const HK_VARIANTS_REV: &str = include_str!("../../data/opencc/HKVariantsRev.txt");

/// Regional variant chars converted on top of OpenCC's `t2s`, as `tw2s` / `hk2s` would
/// (衞生 → 卫生, 屋簷 → 屋檐). Only chars that no Simplified text uses are taken: the
/// other variants whose `tw2s` result differs from `t2s` are everyday Simplified chars
/// with another meaning (著 → 着 would turn 显著 into 显着, 么 → 幺 would turn 什么
/// into 什幺), or chars `t2s` itself already converts otherwise (顎, 鯰, 衹), so taking
/// them would break Simplified answers or `t2s` agreement.
pub const REGIONAL_VARIANTS: &str = "潀痺睪簷敍枱粧糭衞";

/// Regional words converted on top of OpenCC's `t2s` phrases: Taiwan writes 身分 for
/// the mainland's 身份 (身分證 → 身份证).
pub const REGIONAL_PHRASES: &[(&str, &str)] = &[("身分", "身份")];

/// First and one-past-last code point of the dense char table: every BMP key of the
/// char dictionaries lies in CJK Extension A and the Unified Ideographs block.
const DENSE_START: u32 = 0x3400;
const DENSE_END: u32 = 0xA000;

/// The compiled `t2s` tables.
#[derive(Debug)]
pub struct T2s {
    /// Leftmost-longest automaton over the phrase keys, built when first needed;
    /// `None` only if it cannot be built, and conversion then falls back to chars alone.
    phrases: OnceLock<Option<AhoCorasick>>,
    /// The phrase keys, by pattern id, borrowed from the data.
    phrase_keys: Vec<&'static str>,
    /// Simplified form of each phrase key, by pattern id, borrowed from the data.
    phrase_values: Vec<&'static str>,
    /// Every char that occurs in some phrase key.
    phrase_chars: HashSet<char>,
    /// For every phrase whose conversion differs from converting its chars one by
    /// one, one of its chars (a Traditional one where it has one). Text with none of
    /// them converts the same with or without phrases, so the search can be skipped:
    /// everyday Simplified text contains none.
    witnesses: CharSet,
    /// Simplified form of each char in `DENSE_START..DENSE_END`, `'\0'` when unchanged:
    /// the lookup done for nearly every char of an answer costs one index.
    dense: Box<[char]>,
    /// Chars outside the dense range (CJK extensions B and up).
    other: HashMap<char, char>,
    /// The canonical char of each char in the dense range that has another one (see
    /// [`T2s::canonical`]), `'\0'` for the others.
    canon_dense: Box<[char]>,
    /// The same outside the dense range.
    canon_other: HashMap<char, char>,
}

/// A set of chars: a bit per BMP char, a hash set beyond it. Membership is tested for
/// every char of every answer, so it must cost a shift and a mask.
#[derive(Debug)]
struct CharSet {
    bmp: Box<[u64]>,
    beyond: HashSet<char>,
}

impl Default for CharSet {
    fn default() -> CharSet {
        CharSet {
            bmp: vec![0; 0x10000 / 64].into_boxed_slice(),
            beyond: HashSet::new(),
        }
    }
}

impl CharSet {
    fn insert(&mut self, c: char) {
        let cp = u32::from(c) as usize;
        match self.bmp.get_mut(cp / 64) {
            Some(word) => *word |= 1 << (cp % 64),
            None => {
                self.beyond.insert(c);
            }
        }
    }

    fn contains(&self, c: char) -> bool {
        let cp = u32::from(c) as usize;
        match self.bmp.get(cp / 64) {
            Some(word) => word & (1 << (cp % 64)) != 0,
            None => self.beyond.contains(&c),
        }
    }
}

/// The shared converter, built on first use.
pub fn t2s() -> &'static T2s {
    static T2S: OnceLock<T2s> = OnceLock::new();
    T2S.get_or_init(T2s::build)
}

impl T2s {
    fn build() -> T2s {
        let mut keys = Vec::new();
        let mut phrase_values = Vec::new();
        let mut seen = HashSet::new();
        for (key, value) in entries(PHRASES).chain(REGIONAL_PHRASES.iter().copied()) {
            // A repeated key would be a second pattern that can never win; keep the first.
            if seen.insert(key) {
                keys.push(key);
                phrase_values.push(value);
            }
        }
        let phrase_chars = keys.iter().flat_map(|k| k.chars()).collect();
        let (dense, other) = dense_map(tables::CHARS.iter().copied());
        let (canon_dense, canon_other) = dense_map(tables::CANON.iter().copied());
        let mut t2s = T2s {
            phrases: OnceLock::new(),
            phrase_keys: keys,
            phrase_values,
            phrase_chars,
            witnesses: CharSet::default(),
            dense,
            other,
            canon_dense,
            canon_other,
        };
        let witnesses: Vec<char> = t2s
            .phrase_keys
            .iter()
            .zip(&t2s.phrase_values)
            .filter_map(|(key, value)| t2s.witness(key, value))
            .collect();
        for c in witnesses {
            t2s.witnesses.insert(c);
        }
        t2s
    }

    /// The phrase automaton, built on first use: everyday Simplified text never
    /// needs it (see `witnesses`).
    fn automaton(&self) -> Option<&AhoCorasick> {
        self.phrases
            .get_or_init(|| {
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(AhoCorasickKind::DFA))
                    // Every key starts with a CJK lead byte, so a prefilter fires on
                    // nearly every char of Chinese text and only slows the scan (about
                    // a quarter, measured).
                    .prefilter(false)
                    .build(&self.phrase_keys)
                    .ok()
            })
            .as_ref()
    }

    /// A char whose presence a text needs for `key` to convert differently from its
    /// chars alone, once both are put in canonical chars; `None` when it never does.
    fn witness(&self, key: &str, value: &str) -> Option<char> {
        let charwise = key.chars().map(|c| self.canonical(self.char(c)));
        if charwise.eq(value.chars().map(|c| self.canonical(c))) {
            return None;
        }
        let traditional = key.chars().find(|&c| self.char(c) != c);
        let differing = key
            .chars()
            .zip(value.chars())
            .find(|(a, b)| a != b)
            .map(|(a, _)| a);
        traditional.or(differing).or_else(|| key.chars().next())
    }

    /// Whether converting `text` with phrases can differ from converting its chars one
    /// by one (see `witnesses`).
    pub fn phrases_may_matter(&self, text: &str) -> bool {
        text.chars().any(|c| self.witnesses.contains(c))
    }

    /// Whether `c` is a witness: some phrase containing it converts differently from
    /// its chars one by one. A run of phrase chars (see [`T2s::in_phrase`]) with no
    /// witness converts the same with or without phrases, and no phrase match crosses
    /// a char in no phrase, so phrases need only be searched in runs with a witness.
    pub fn is_witness(&self, c: char) -> bool {
        self.witnesses.contains(c)
    }

    /// The Simplified form of `c` on its own, without phrase context.
    pub fn char(&self, c: char) -> char {
        match dense_slot(c) {
            Some(slot) => match self.dense[slot] {
                '\0' => c,
                s => s,
            },
            None if c.is_ascii() => c,
            None => self.other.get(&c).copied().unwrap_or(c),
        }
    }

    /// The phrase matches in `text`, in order and non-overlapping, as byte ranges with
    /// their Simplified form; every other char converts on its own ([`T2s::char`]).
    /// Leftmost-longest matching is OpenCC's forward maximum matching: a position where
    /// no phrase starts is exactly one where OpenCC falls back to a single char.
    pub fn phrases<'t>(
        &'t self,
        text: &'t str,
    ) -> impl Iterator<Item = (Range<usize>, &'static str)> + 't {
        self.automaton()
            .and_then(|ac| ac.try_find_iter(text).ok())
            .into_iter()
            .flatten()
            .filter_map(|m| Some((m.range(), *self.phrase_values.get(m.pattern().as_usize())?)))
    }

    /// The canonical member of the set of chars that write the same word as `c` once
    /// converted (see [`canon`]): applied after conversion to both sides of a match.
    pub fn canonical(&self, c: char) -> char {
        let found = match dense_slot(c) {
            Some(slot) => self.canon_dense[slot],
            None if c.is_ascii() => return c,
            None => self.canon_other.get(&c).copied().unwrap_or('\0'),
        };
        if found == '\0' { c } else { found }
    }

    /// Every phrase of the dictionary: its key and its Simplified form.
    pub fn phrase_entries(&self) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
        self.phrase_keys
            .iter()
            .copied()
            .zip(self.phrase_values.iter().copied())
    }

    /// Every char that occurs in some phrase key (see [`T2s::in_phrase`]).
    pub fn phrase_chars(&self) -> impl Iterator<Item = char> + '_ {
        self.phrase_chars.iter().copied()
    }

    /// Whether `c` occurs in some phrase key, i.e. whether changing it could change
    /// which phrases match.
    pub fn in_phrase(&self, c: char) -> bool {
        self.phrase_chars.contains(&c)
    }

    /// `text` converted to Simplified, phrases first.
    pub fn convert(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        for (range, value) in self.phrases(text) {
            out.extend(text[done..range.start].chars().map(|c| self.char(c)));
            out.push_str(value);
            done = range.end;
        }
        out.extend(text[done..].chars().map(|c| self.char(c)));
        out
    }
}

/// A char map as a table over the dense range (`'\0'` where a char has no entry) and
/// a map of the rest.
fn dense_map(map: impl IntoIterator<Item = (char, char)>) -> (Box<[char]>, HashMap<char, char>) {
    let mut dense = vec!['\0'; (DENSE_END - DENSE_START) as usize].into_boxed_slice();
    let mut other = HashMap::new();
    for (k, v) in map {
        match dense_slot(k) {
            Some(slot) => dense[slot] = v,
            None => {
                other.insert(k, v);
            }
        }
    }
    (dense, other)
}

fn dense_slot(c: char) -> Option<usize> {
    let c = u32::from(c);
    (DENSE_START..DENSE_END)
        .contains(&c)
        .then(|| (c - DENSE_START) as usize)
}

/// `(key, first value)` of every well-formed line of an OpenCC dictionary.
fn entries(data: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    data.lines().filter_map(|line| {
        if line.starts_with('#') {
            return None;
        }
        let (key, values) = line.split_once('\t')?;
        let value = values.split(' ').next()?;
        (!key.is_empty() && !value.is_empty()).then_some((key, value))
    })
}

/// The entries of a char dictionary; a line whose key or first value is not exactly one
/// char is skipped.
#[cfg(test)]
fn char_entries(data: &'static str) -> impl Iterator<Item = (char, char)> {
    entries(data).filter_map(|(key, value)| Some((single(key)?, single(value)?)))
}

#[cfg(test)]
fn single(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// The char conversion: `TSCharacters`, overridden by `TSCharactersExt`, and the
/// regional variants (compiled in as `tables::CHARS`).
#[cfg(test)]
fn char_map() -> HashMap<char, char> {
    let mut chars: HashMap<char, char> = char_entries(CHARACTERS).collect();
    // Ext is consulted first in OpenCC's group, so its entries override.
    chars.extend(char_entries(CHARACTERS_EXT));
    let variants: HashMap<char, char> = char_entries(TW_VARIANTS_REV)
        .chain(char_entries(HK_VARIANTS_REV))
        .filter(|(k, _)| REGIONAL_VARIANTS.contains(*k))
        .collect();
    for (k, v) in variants {
        // The variant is OpenCC's standard Traditional form; convert it on.
        let simplified = chars.get(&v).copied().unwrap_or(v);
        chars.entry(k).or_insert(simplified);
    }
    chars
}

/// The canonical char of every char that has another one (compiled in as
/// `tables::CANON`), from the char conversion `chars`.
#[cfg(test)]
fn canon_map(chars: &HashMap<char, char>) -> HashMap<char, char> {
    let convert = |c: char| chars.get(&c).copied().unwrap_or(c);
    let regional = char_entries(TW_VARIANTS_REV).chain(char_entries(HK_VARIANTS_REV));
    let pairs = chars.iter().map(|(&k, &v)| (k, v)).chain(regional);
    canon::canonical(convert, pairs)
}

#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) mod tests_support {
    /// Every key of the phrase dictionary.
    pub fn phrase_keys() -> impl Iterator<Item = &'static str> {
        super::entries(super::PHRASES).map(|(key, _)| key)
    }
}
