//! Where a normalised char can come from: the chars of an original text whose
//! normalisation can put it in the normalised text, on their own (NFKC, Traditional →
//! Simplified, canonical char, case) or as the first char of an OpenCC phrase whose
//! Simplified form contains it where the phrase's own char in that place does not
//! make it on its own (於仲完 keeps 完 as it stands, so 於 is no source of 完; 一目瞭然
//! makes 了 of 瞭, which alone stays 瞭, so 一 is one of 了). A text none of whose
//! chars is a source of `x` has no `x` once normalised, so a search for phrases
//! containing `x` can be skipped.

use std::collections::{HashMap, HashSet};
use std::iter::once;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::canonical_combining_class;

/// For each char of `targets` that can be traced this way, every char of an original
/// text that can become it (itself first). A target missing from the answer may also
/// be made by NFKC composing several chars (it has a canonical decomposition, or is a
/// combining mark) or is a control char that a JSON escape can write: no set of
/// source chars proves it absent.
///
/// The sources of every char are listed at build time ([`super::tables::SOURCES`]);
/// a test holds that list equal to what [`traced`] works out from the conversion
/// tables and Unicode, and that no OpenCC phrase starts with a char NFKC can compose
/// (which would leave a phrase's output untraceable to its first char).
pub fn sources(targets: &HashSet<char>) -> HashMap<char, Vec<char>> {
    targets
        .iter()
        .copied()
        .filter(|&x| !x.is_control() && !composable(x))
        .map(|x| {
            let listed = super::tables::SOURCES;
            let from = listed.partition_point(|&(t, _)| t < x);
            let others = listed[from..].iter().take_while(|&&(t, _)| t == x);
            let found = once(x).chain(others.map(|&(_, c)| c)).collect();
            (x, found)
        })
        .collect()
}

/// Whether NFKC can make `c` out of several chars.
pub(super) fn composable(c: char) -> bool {
    canonical_combining_class(c) != 0 || !once(c).nfd().eq(once(c))
}
