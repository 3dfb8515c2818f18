//! The one-pass fold: the rules of [`super::rules`] applied to a whole text through a
//! table over the BMP, runs of unchanged chars copied in bulk, and OpenCC phrases
//! searched only in runs of phrase chars that hold a witness.

use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::rules::{DROP, KEEP, NEEDS_NFKC, SLOW, finish};
use super::tables::FOLD;
use super::{Normalized, to_u32};
use crate::text::t2s::{T2s, t2s};

/// One folding pass over `text`: T2S with phrases matched in `text` itself, then
/// canonical char, case and removal; and per-char NFKC unless `nfkc_done`.
pub(super) struct Fold<'a> {
    pub(super) text: &'a str,
    /// Original index of each char of `text`; `None` when `text` is the original.
    pub(super) origins: Option<&'a [u32]>,
    pub(super) mapped: bool,
    pub(super) phrases: bool,
    pub(super) nfkc_done: bool,
}

/// The fast pass met a char that needs the whole input put through NFKC first.
pub(super) struct NeedsNfkc;

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
    pub(super) fn run(&self, out: &mut Normalized, mut index: usize) -> Result<usize, NeedsNfkc> {
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
    pub(super) fn plain(
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
    pub(super) fn phrase(
        &self,
        out: &mut Normalized,
        key: &str,
        value: &str,
        index: usize,
    ) -> usize {
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
            let mut entries: Box<[u32]> = vec![u32::from(KEEP); 0x10000].into_boxed_slice();
            for &(cp, code) in FOLD {
                entries[usize::from(cp)] = u32::from(code);
            }
            for c in cc.phrase_chars() {
                if let Some(entry) = entries.get_mut(c as usize) {
                    *entry |= phrase_flags(cc, c);
                }
            }
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

/// The table entry of any char: its code (see [`super::rules`]) and phrase flags, as
/// the one-pass fold sees it in a text not yet put through NFKC.
pub(super) fn entry_of(c: char) -> (u16, bool, bool) {
    let cc = t2s();
    let entry = match Table::get().entries.get(c as usize) {
        Some(&entry) => entry,
        None => {
            let fold = Fold {
                text: "",
                origins: None,
                mapped: false,
                phrases: true,
                nfkc_done: false,
            };
            fold.classify_beyond_bmp(cc, c)
        }
    };
    (entry as u16, entry & IN_PHRASE != 0, entry & WITNESS != 0)
}

/// The chars a `SLOW` char becomes (NFKC, then the last steps), each passed to `push`.
pub(super) fn fold_slow_char(c: char, mut push: impl FnMut(char)) {
    let cc = t2s();
    for f in std::iter::once(c)
        .nfkc()
        .filter_map(|d| finish(cc, cc.char(d)))
    {
        push(f);
    }
}

/// The fold of `text[span]`, a run of phrase chars holding a witness whose first char
/// has index `index`, phrases first, into `out` (cleared first); returns the index
/// after it.
pub(super) fn fold_phrase_run(
    text: &str,
    span: Range<usize>,
    index: usize,
    out: &mut Normalized,
) -> Result<usize, NeedsNfkc> {
    out.text.clear();
    out.origin.clear();
    let fold = Fold {
        text,
        origins: None,
        mapped: true,
        phrases: true,
        nfkc_done: false,
    };
    fold.hot(t2s(), out, span, index)
}
