//! Where a normalised char can come from: the chars of an original text whose
//! normalisation can put it in the normalised text, on their own (NFKC, Traditional →
//! Simplified, canonical char, case) or as the first char of an OpenCC phrase whose
//! Simplified form contains it. A text none of whose chars is a source of `x` has no
//! `x` once normalised, so a search for phrases containing `x` can be skipped.

use std::collections::{HashMap, HashSet};
use std::iter::once;
use std::sync::OnceLock;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::rules::{finish, is_removed};
use crate::text::t2s::t2s;

/// For each char of `targets` that can be traced this way, every char of an original
/// text that can become it (itself included). A target missing from the answer may
/// also be made by NFKC composing several chars (it has a canonical decomposition, or
/// is a combining mark) or is a control char that a JSON escape can write: no set of
/// source chars proves it absent.
pub fn sources(targets: &HashSet<char>) -> HashMap<char, Vec<char>> {
    let cc = t2s();
    let traceable: HashSet<char> = targets
        .iter()
        .copied()
        .filter(|&x| !x.is_control() && !composable(x))
        .collect();
    // First char of an OpenCC phrase → the targets its Simplified form holds.
    let mut by_first: HashMap<char, Vec<char>> = HashMap::new();
    for (key, value) in cc.phrase_entries() {
        let Some(first) = key.chars().next() else {
            continue;
        };
        for v in value.chars().filter_map(|v| finish(cc, v)) {
            if traceable.contains(&v) {
                by_first.entry(first).or_default().push(v);
            }
        }
    }
    // A phrase made by composition cannot be traced to its first char.
    if by_first.keys().any(|&k| composable(k)) {
        return HashMap::new();
    }
    let mut out: HashMap<char, Vec<char>> = HashMap::new();
    let mut add = |target: char, c: char| {
        let list = out.entry(target).or_default();
        if !list.contains(&c) {
            list.push(c);
        }
    };
    for (c, nfkc) in altered() {
        for &d in nfkc {
            if let Some(found) = by_first.get(&d) {
                for &t in found {
                    add(t, *c);
                }
            }
            let s = cc.char(d);
            let f = cc.canonical(s).to_ascii_lowercase();
            if traceable.contains(&f) && !is_removed(s) {
                add(f, *c);
            }
        }
    }
    // The chars left as they are: each phrase's first char, and the targets.
    for (&first, found) in &by_first {
        for &t in found {
            add(t, first);
        }
    }
    for &x in &traceable {
        add(x, x);
    }
    out
}

/// Builds, once per process, the tables [`sources`] reads (the conversion tables
/// and the list of chars normalisation alters); a caller that will need them soon
/// can do it on another thread meanwhile.
pub fn prepare() {
    altered();
}

/// Below this, every char that normalisation can change; from it on, Unicode has no
/// decomposition and the conversion tables no entry (a test holds this).
const ALTERED_END: u32 = 0x40000;

/// Every char that normalisation may turn into another, with its NFKC (itself when it
/// is stable): computed once, since it depends on nothing but the tables.
fn altered() -> &'static [(char, Vec<char>)] {
    static ALTERED: OnceLock<Vec<(char, Vec<char>)>> = OnceLock::new();
    ALTERED.get_or_init(|| {
        let cc = t2s();
        (0..ALTERED_END)
            .filter_map(char::from_u32)
            .filter_map(|c| {
                let stable = ideograph(c) || is_nfkc_quick(once(c)) == IsNormalized::Yes;
                let same = cc.char(c) == c && cc.canonical(c) == c && c.to_ascii_lowercase() == c;
                if stable && same {
                    return None;
                }
                let nfkc = if stable {
                    vec![c]
                } else {
                    once(c).nfkc().collect()
                };
                Some((c, nfkc))
            })
            .collect()
    })
}

/// Whether `c` lies in a block of unified ideographs (or the unassigned planes
/// beyond them), which NFKC leaves as they are (a test holds this): the check that
/// would say so costs most of the time of listing what normalisation alters.
fn ideograph(c: char) -> bool {
    matches!(
        u32::from(c),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x2F7FF | 0x2FA20..=0x3FFFF
    )
}

/// Whether NFKC can make `c` out of several chars.
fn composable(c: char) -> bool {
    canonical_combining_class(c) != 0 || !once(c).nfd().eq(once(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize::normalize;

    #[test]
    fn every_form_that_normalises_to_a_target_is_a_source() {
        let targets: HashSet<char> = ['银', '行', 'a', '了', '秘', '一'].into_iter().collect();
        let found = sources(&targets);
        for (target, raw) in [
            ('银', '銀'),
            ('a', 'A'),
            ('a', 'Ａ'),
            ('一', '⼀'),
            ('秘', '㊙'),
            ('银', '银'),
        ] {
            assert!(normalize(&raw.to_string()).contains(target), "{raw}");
            assert!(found[&target].contains(&raw), "{raw} for {target}");
        }
        // 了 comes out of 瞭 inside 一目瞭然: 一 is the phrase's first char.
        assert!(normalize("一目瞭然").contains('了'));
        assert!(found[&'了'].contains(&'一'));
        // Every source, alone, normalises to something holding its target, or starts
        // a phrase.
        for (target, raw) in &found {
            for &c in raw {
                let alone = normalize(&c.to_string());
                let starts_phrase = once(c).nfkc().any(|d| t2s().in_phrase(d));
                assert!(
                    alone.contains(*target) || starts_phrase,
                    "{c:?} → {alone:?}, not {target}"
                );
            }
        }
    }

    #[test]
    fn nothing_beyond_the_table_is_altered() {
        let cc = t2s();
        for c in (ALTERED_END..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_nfkc_quick(once(c)), IsNormalized::Yes, "{c:?}");
            assert!(cc.char(c) == c && cc.canonical(c) == c, "{c:?}");
            assert!(canonical_combining_class(c) == 0 || c.is_ascii(), "{c:?}");
        }
    }

    #[test]
    fn nfkc_leaves_the_ideograph_blocks_as_they_are() {
        let blocks = (0..ALTERED_END)
            .filter_map(char::from_u32)
            .filter(|&c| ideograph(c));
        for c in blocks {
            assert_eq!(is_nfkc_quick(once(c)), IsNormalized::Yes, "{c:?}");
            assert!(!composable(c), "{c:?}");
        }
    }

    #[test]
    fn composed_and_control_targets_are_not_traced() {
        let targets: HashSet<char> = ['é', '\u{8}', '\u{301}'].into_iter().collect();
        assert!(sources(&targets).is_empty());
    }
}
