//! The rules of normalisation for one char: NFKC, Traditional → Simplified, the
//! canonical char, ASCII lower-case, removal of whitespace and punctuation; and NFKC of
//! a whole text with the origin of every char.

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

use super::to_u32;
use crate::text::t2s::T2s;

/// What the BMP table says about a char: one of the codes below, or the single BMP
/// char it becomes. The codes are surrogates, which are never chars.
pub(super) const KEEP: u16 = 0xD800;
/// Removed: whitespace or punctuation, possibly after NFKC.
pub(super) const DROP: u16 = 0xD801;
/// Becomes several chars or a char beyond the BMP: worked out when met.
pub(super) const SLOW: u16 = 0xD802;
/// NFKC of this char could change which phrases match, or it combines with the char
/// before it: the fast pass gives up and the input goes through NFKC first.
pub(super) const NEEDS_NFKC: u16 = 0xD803;

/// What a BMP char becomes outside phrases: NFKC, T2S, canonical char, case, removal
/// (compiled in for every BMP char as `tables::FOLD`).
#[cfg(test)]
pub(super) fn classify(cc: &T2s, c: char) -> u16 {
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
pub(super) fn is_removed(c: char) -> bool {
    c.is_whitespace() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// The last steps for one converted char: its canonical form ([`T2s::canonical`]:
/// 乾 kept inside an OpenCC phrase meets the 干 it converts to alone, 帐 meets 账),
/// ASCII lower-case, removal.
pub(super) fn finish(cc: &T2s, c: char) -> Option<char> {
    (!is_removed(c)).then(|| cc.canonical(c).to_ascii_lowercase())
}

/// NFKC, one cluster (a starter and the combining chars after it) at a time, so each
/// output char can be traced to the original char that began its cluster. Composition
/// between two starters (Hangul LV + T jamo) is therefore not performed; Chinese text
/// never needs it.
pub(super) fn nfkc_mapped(s: &str) -> (String, Vec<u32>) {
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
