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

use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use super::t2s::{T2s, t2s};

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

/// What the BMP table says about a char: one of the codes below, or the single BMP
/// char it becomes. The codes are surrogates, which are never chars.
const KEEP: u16 = 0xD800;
/// Removed: whitespace or punctuation, possibly after NFKC.
const DROP: u16 = 0xD801;
/// Becomes several chars or a char beyond the BMP: worked out when met.
const SLOW: u16 = 0xD802;
/// NFKC of this char could change which phrases match, or it combines with the char
/// before it: the fast pass gives up and the input goes through NFKC first.
const NEEDS_NFKC: u16 = 0xD803;

/// One folding pass over `text`: T2S with phrases matched in `text` itself, then
/// canonical char, case and removal; and per-char NFKC unless `nfkc_done`.
struct Fold<'a> {
    text: &'a str,
    /// Original index of each char of `text`; `None` when `text` is the original.
    origins: Option<&'a [u32]>,
    mapped: bool,
    phrases: bool,
    nfkc_done: bool,
}

/// The fast pass met a char that needs the whole input put through NFKC first.
struct NeedsNfkc;

/// Where [`Fold::scan`] stopped.
enum Scan {
    /// At the end; the index after the last char.
    Done(usize),
    /// At a run of phrase chars holding a witness: its bytes and its first char's index.
    Hot(Range<usize>, usize),
}

impl Fold<'_> {
    /// Appends the fold of `text`, whose first char has index `index`, to `out`;
    /// returns the index after its last char.
    fn run(&self, out: &mut Normalized, mut index: usize) -> Result<usize, NeedsNfkc> {
        let cc = t2s();
        let end = self.text.len();
        let mut from = 0;
        loop {
            match self.scan(cc, out, from..end, index, self.phrases)? {
                Scan::Done(index) => return Ok(index),
                Scan::Hot(span, at) => {
                    from = span.end;
                    index = self.hot(cc, out, span, at)?;
                }
            }
        }
    }

    /// Converts `text[span]`, a run of phrase chars with a witness whose first char
    /// has index `index`, phrases first; returns the index after it.
    fn hot(
        &self,
        cc: &T2s,
        out: &mut Normalized,
        span: Range<usize>,
        mut index: usize,
    ) -> Result<usize, NeedsNfkc> {
        let base = span.start;
        let part = self.text.get(span.clone()).unwrap_or_default();
        let mut done = base;
        for (range, value) in cc.phrases(part) {
            index = self.plain(cc, out, done..base + range.start, index)?;
            let key = part.get(range.clone()).unwrap_or_default();
            index = self.phrase(out, key, value, index);
            done = base + range.end;
        }
        self.plain(cc, out, done..span.end, index)
    }

    /// [`Fold::scan`] without phrases: folds every char of `text[bytes]`.
    fn plain(
        &self,
        cc: &T2s,
        out: &mut Normalized,
        bytes: Range<usize>,
        index: usize,
    ) -> Result<usize, NeedsNfkc> {
        match self.scan(cc, out, bytes, index, false)? {
            Scan::Done(index) | Scan::Hot(_, index) => Ok(index),
        }
    }

    /// Folds the chars of `text[bytes]`, the first of which has index `index`, one by
    /// one, unchanged chars a run at a time, until the end (`Scan::Done` with the index
    /// after them) or, with `phrases`, until a witness: phrase matching can only change
    /// the conversion inside a run of phrase chars that holds one (see
    /// [`T2s::is_witness`]), so that run is taken back out of `out` and returned, to be
    /// converted phrases first; every other run of chars converts the same char by char.
    fn scan(
        &self,
        cc: &T2s,
        out: &mut Normalized,
        bytes: Range<usize>,
        mut index: usize,
        phrases: bool,
    ) -> Result<Scan, NeedsNfkc> {
        let base = bytes.start;
        let text = self.text.get(bytes).unwrap_or_default();
        // (byte, char index) where the run of unchanged chars not yet copied starts
        let mut run = (0, index);
        // The byte after the last phrase char met, and where its run of phrase chars
        // began: (byte, char index, `out.text` length, `out.origin` length).
        let mut phrase_end = usize::MAX;
        let mut phrase_run = (0, 0, 0, 0);
        let table = Table::get();
        for (byte, c) in text.char_indices() {
            if table.keeps(c) {
                index += 1;
                continue;
            }
            let entry = table.entry(self, cc, c);
            if phrases && entry & IN_PHRASE != 0 {
                if byte != phrase_end {
                    let origin_len = if self.mapped {
                        out.origin.len() + (index - run.1)
                    } else {
                        0
                    };
                    phrase_run = (byte, index, out.text.len() + (byte - run.0), origin_len);
                }
                phrase_end = byte + c.len_utf8();
                if entry & WITNESS != 0 {
                    let (start, at, text_len, origin_len) = phrase_run;
                    self.copy(out, &text[run.0..byte], run.1..index);
                    out.text.truncate(text_len);
                    out.origin.truncate(origin_len);
                    let end = text[byte..]
                        .char_indices()
                        .find(|&(_, c)| table.entry(self, cc, c) & IN_PHRASE == 0)
                        .map_or(text.len(), |(i, _)| byte + i);
                    return Ok(Scan::Hot(base + start..base + end, at));
                }
            }
            let code = entry as u16;
            if code == KEEP {
                index += 1;
                continue;
            }
            self.copy(out, &text[run.0..byte], run.1..index);
            match code {
                DROP => {}
                NEEDS_NFKC if !self.nfkc_done => return Err(NeedsNfkc),
                SLOW | NEEDS_NFKC => self.fold_slow(cc, out, c, index),
                _ => {
                    if let Some(folded) = char::from_u32(u32::from(code)) {
                        self.push(out, folded, index);
                    }
                }
            }
            index += 1;
            run = (byte + c.len_utf8(), index);
        }
        self.copy(out, &text[run.0..], run.1..index);
        Ok(Scan::Done(index))
    }

    /// Emits a dictionary phrase's Simplified form for `key`, whose first char has
    /// index `index`; returns the index after it. Every OpenCC phrase keeps its length;
    /// were one longer, its extra chars would be traced to the key's last char.
    fn phrase(&self, out: &mut Normalized, key: &str, value: &str, index: usize) -> usize {
        let cc = t2s();
        let len = key.chars().count();
        for (i, c) in value.chars().enumerate() {
            if let Some(c) = finish(cc, c) {
                self.push(out, c, index + i.min(len.saturating_sub(1)));
            }
        }
        index + len
    }

    /// Chars beyond the BMP have no table entry; they are rare enough to work out.
    fn classify_beyond_bmp(&self, cc: &T2s, c: char) -> u32 {
        let stable = canonical_combining_class(c) == 0
            && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes;
        let code = if self.nfkc_done || stable {
            SLOW
        } else {
            NEEDS_NFKC
        };
        u32::from(code) | phrase_flags(cc, c)
    }

    fn fold_slow(&self, cc: &T2s, out: &mut Normalized, c: char, index: usize) {
        if self.nfkc_done {
            if let Some(f) = finish(cc, cc.char(c)) {
                self.push(out, f, index);
            }
            return;
        }
        for f in std::iter::once(c)
            .nfkc()
            .filter_map(|d| finish(cc, cc.char(d)))
        {
            self.push(out, f, index);
        }
    }

    /// Appends a finished char that came from the char at `index` of `text`.
    fn push(&self, out: &mut Normalized, c: char, index: usize) {
        out.text.push(c);
        if self.mapped {
            out.origin.push(self.origin(index));
        }
    }

    /// Appends `run`, the unchanged chars with indexes `indexes`.
    fn copy(&self, out: &mut Normalized, run: &str, indexes: Range<usize>) {
        out.text.push_str(run);
        if !self.mapped {
            return;
        }
        match self.origins {
            None => out
                .origin
                .extend(to_u32(indexes.start)..to_u32(indexes.end)),
            Some(origins) => out
                .origin
                .extend_from_slice(origins.get(indexes).unwrap_or_default()),
        }
    }

    fn origin(&self, index: usize) -> u32 {
        match self.origins {
            None => to_u32(index),
            Some(origins) => origins.get(index).copied().unwrap_or(u32::MAX),
        }
    }
}

/// Flags above the 16-bit code of a table entry: the char occurs in some phrase key.
const IN_PHRASE: u32 = 1 << 16;
/// ... and is a witness (see [`T2s::is_witness`]).
const WITNESS: u32 = 1 << 17;

fn phrase_flags(cc: &T2s, c: char) -> u32 {
    let mut flags = 0;
    if cc.in_phrase(c) {
        flags |= IN_PHRASE;
    }
    if cc.is_witness(c) {
        flags |= WITNESS | IN_PHRASE;
    }
    flags
}

/// The fold of every BMP char, built once per process.
struct Table {
    /// Code and phrase flags of each BMP char (65,536 entries, 256 KiB). An unchanged
    /// char in no phrase is exactly `KEEP`.
    entries: Box<[u32]>,
    /// A bit per BMP char whose entry is `KEEP` (8 KiB): the answer for most chars of
    /// everyday text, from a set that stays in the nearest cache.
    keep: Box<[u64; 1024]>,
}

impl Table {
    fn get() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(|| {
            let cc = t2s();
            let entries: Box<[u32]> = (0..=0xFFFF)
                .map(|cp| {
                    char::from_u32(cp).map_or(u32::from(KEEP), |c| {
                        u32::from(classify(cc, c)) | phrase_flags(cc, c)
                    })
                })
                .collect();
            let mut keep = Box::new([0u64; 1024]);
            for (cp, &entry) in entries.iter().enumerate() {
                if entry == u32::from(KEEP) {
                    keep[cp / 64] |= 1 << (cp % 64);
                }
            }
            Table { entries, keep }
        })
    }

    /// Whether `c` is unchanged and in no phrase.
    #[inline(always)]
    fn keeps(&self, c: char) -> bool {
        let cp = c as usize;
        cp < 0x10000 && self.keep[(cp >> 6) & 1023] & (1 << (cp & 63)) != 0
    }

    /// The entry of `c`: its code, and whether it is a phrase char, a witness.
    #[inline(always)]
    fn entry(&self, fold: &Fold<'_>, cc: &T2s, c: char) -> u32 {
        match self.entries.get(c as usize) {
            Some(&entry) => entry,
            None => fold.classify_beyond_bmp(cc, c),
        }
    }
}

/// What a BMP char becomes outside phrases: NFKC, T2S, canonical char, case, removal.
fn classify(cc: &T2s, c: char) -> u16 {
    if canonical_combining_class(c) != 0 {
        return NEEDS_NFKC;
    }
    let nfkc: Vec<char> = if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
        vec![c]
    } else {
        std::iter::once(c).nfkc().collect()
    };
    // Phrases are matched before NFKC on the fast path; that is only the same as
    // matching after it when NFKC changes no char a phrase could contain.
    if nfkc != [c] && (cc.in_phrase(c) || nfkc.iter().any(|&d| cc.in_phrase(d))) {
        return NEEDS_NFKC;
    }
    let folded: Vec<char> = nfkc
        .iter()
        .filter_map(|&d| finish(cc, cc.char(d)))
        .collect();
    match folded[..] {
        [] => DROP,
        [f] if f == c => KEEP,
        [f] => u16::try_from(u32::from(f))
            .ok()
            .filter(|code| !(0xD800..0xE000).contains(code))
            .unwrap_or(SLOW),
        _ => SLOW,
    }
}

/// Chars that carry no meaning for matching: whitespace and Unicode punctuation
/// (categories Pc Pd Ps Pe Pi Pf Po). ASCII symbols such as `$` or `+` are kept.
fn is_removed(c: char) -> bool {
    c.is_whitespace() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// The last steps for one converted char: its canonical form ([`T2s::canonical`]:
/// 乾 kept inside an OpenCC phrase meets the 干 it converts to alone, 帐 meets 账),
/// ASCII lower-case, removal.
fn finish(cc: &T2s, c: char) -> Option<char> {
    (!is_removed(c)).then(|| cc.canonical(c).to_ascii_lowercase())
}

/// NFKC, one cluster (a starter and the combining chars after it) at a time, so each
/// output char can be traced to the original char that began its cluster. Composition
/// between two starters (Hangul LV + T jamo) is therefore not performed; Chinese text
/// never needs it.
fn nfkc_mapped(s: &str) -> (String, Vec<u32>) {
    let mut text = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    let mut flush = |cluster: &str, index: usize| {
        let index = to_u32(index);
        let mut chars = cluster.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
        {
            text.push(c);
            origin.push(index);
            return;
        }
        for c in cluster.nfkc() {
            text.push(c);
            origin.push(index);
        }
    };
    // (byte offset, char index) of the first char of the cluster being collected
    let mut start: Option<(usize, usize)> = None;
    for (index, (byte, c)) in s.char_indices().enumerate() {
        if canonical_combining_class(c) != 0 {
            start.get_or_insert((byte, index));
            continue;
        }
        if let Some((b, i)) = start {
            flush(&s[b..byte], i);
        }
        start = Some((byte, index));
    }
    if let Some((b, i)) = start {
        flush(&s[b..], i);
    }
    (text, origin)
}

/// Texts longer than 4 Gi chars cannot occur in an answer; saturate rather than wrap.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests;
