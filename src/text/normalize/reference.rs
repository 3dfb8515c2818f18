//! The run-time reference for the tables compiled in ([`super::tables`]): what they
//! hold, worked out from the conversion tables and Unicode, and the test that holds
//! them equal. `REHEARSE_WRITE_TABLES=1 cargo test --lib tables_are_current` writes
//! them again after a change to the data or to the rules of normalisation.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::iter::once;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use super::rules::{KEEP, classify, finish, is_removed};
use super::sources::{composable, sources};
use crate::text::generated::{char_pairs, header};
use crate::text::t2s::t2s;

/// The reference for [`sources`], worked out from the conversion tables and Unicode
/// (and the source of [`super::tables::SOURCES`]): for each char of `targets` that
/// can be traced, every char of an original text that can become it.
pub(super) fn traced(targets: &HashSet<char>) -> HashMap<char, Vec<char>> {
    let cc = t2s();
    let traceable: HashSet<char> = targets
        .iter()
        .copied()
        .filter(|&x| !x.is_control() && !composable(x))
        .collect();
    // First char of an OpenCC phrase → the targets its Simplified form holds that
    // the phrase's char at their place does not make on its own: that char is a
    // source of what it makes on its own already, and a search that stops at it
    // reads the whole phrase it may be in (every OpenCC phrase keeps its length, which
    // a test holds; a phrase that did not would keep every target).
    let mut by_first: HashMap<char, Vec<char>> = HashMap::new();
    for (key, value) in cc.phrase_entries() {
        let Some(first) = key.chars().next() else {
            continue;
        };
        let same_length = key.chars().count() == value.chars().count();
        for (i, v) in value.chars().enumerate() {
            let Some(v) = finish(cc, v) else { continue };
            let alone = key
                .chars()
                .nth(i)
                .filter(|_| same_length)
                .and_then(|k| finish(cc, cc.char(k)));
            if traceable.contains(&v) && alone != Some(v) {
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

/// Below this, every char that normalisation can change; from it on, Unicode has no
/// decomposition and the conversion tables no entry (a test holds this).
const ALTERED_END: u32 = 0x40000;

/// Every char that normalisation may turn into another, with its NFKC (itself when it
/// is stable): computed once, since it depends on nothing but the tables.
fn altered() -> &'static [(char, Vec<char>)] {
    static ALTERED: std::sync::OnceLock<Vec<(char, Vec<char>)>> = std::sync::OnceLock::new();
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

/// The text of `tables.rs`: what [`classify`] and [`traced`] give for every char.
pub(super) fn render() -> String {
    let cc = t2s();
    let mut out = header(
        "//! Tables of normalisation that depend on nothing but the conversion data and\n\
         //! Unicode, worked out once and compiled in, so that start-up builds none of them.",
        "src/text/normalize/reference.rs",
    );
    out.push_str(
        "/// (code point, code) of every BMP char whose fold is not `KEEP`, in order: the\n\
         /// single char it becomes, or `DROP`, `SLOW` or `NEEDS_NFKC` (see `rules`).\n\
         #[rustfmt::skip]\n\
         pub(super) static FOLD: &[(u16, u16)] = &[\n",
    );
    let fold: Vec<(u32, u16)> = (0..=0xFFFF_u32)
        .filter_map(|cp| Some((cp, classify(cc, char::from_u32(cp)?))))
        .filter(|&(_, code)| code != KEEP)
        .collect();
    for row in fold.chunks(8) {
        for (cp, code) in row {
            let _ = write!(out, "({cp:#06x},{code:#06x}),");
        }
        out.push('\n');
    }
    out.push_str(
        "];\n\n\
         /// (target, source): every char but the target itself whose normalisation can\n\
         /// put the target in a text (see `sources`), by target then source.\n\
         #[rustfmt::skip]\n\
         pub(super) static SOURCES: &[(char, char)] = &[\n",
    );
    let targets: HashSet<char> = (0..ALTERED_END).filter_map(char::from_u32).collect();
    let mut pairs: Vec<(char, char)> = traced(&targets)
        .into_iter()
        .flat_map(|(t, found)| {
            found
                .into_iter()
                .filter(move |&c| c != t)
                .map(move |c| (t, c))
        })
        .collect();
    pairs.sort_unstable();
    out.push_str(&char_pairs(&pairs));
    out.push_str("];\n");
    out
}

mod tests {
    use super::*;
    use crate::text::generated::assert_current;
    use crate::text::normalize::normalize;

    #[test]
    fn tables_are_current() {
        assert_current("src/text/normalize/tables.rs", &render());
    }

    #[test]
    fn no_phrase_starts_with_a_composable_char() {
        for (key, _) in t2s().phrase_entries() {
            let first = key.chars().next();
            assert!(!first.is_some_and(composable), "{key}");
        }
    }

    #[test]
    fn the_compiled_sources_are_the_traced_ones() {
        let sets: [&[char]; 3] = [
            &['银', '行', 'a', '了', '秘', '一', 'é', '\u{8}', '\u{301}'],
            &[
                '保', '本', '息', '证', '收', '益', '后', '干', '着', '么', '账',
            ],
            &['1', 'z', '，', ' ', '𠀀', '\u{3000}', 'ⅰ', 'i'],
        ];
        for set in sets {
            let targets: HashSet<char> = set.iter().copied().collect();
            let sorted = |m: HashMap<char, Vec<char>>| -> Vec<(char, Vec<char>)> {
                let mut v: Vec<(char, Vec<char>)> = m
                    .into_iter()
                    .map(|(t, mut f)| {
                        f.sort_unstable();
                        (t, f)
                    })
                    .collect();
                v.sort_unstable();
                v
            };
            assert_eq!(
                sorted(sources(&targets)),
                sorted(traced(&targets)),
                "{set:?}"
            );
        }
    }

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
        // 了 comes out of 瞭 inside 一目瞭然, and 瞭 alone stays 瞭: 一, the phrase's
        // first char, is a source of 了.
        assert!(normalize("一目瞭然").contains('了'));
        assert!(!normalize("瞭").contains('了'));
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
    fn a_phrase_s_first_char_is_a_source_only_of_what_its_own_chars_do_not_make() {
        let cc = t2s();
        // 於仲完 keeps 完 as it stands (and 於, which alone becomes 于): its first
        // char is no source of 完, while 一 stays one of 了 (see above).
        assert!(
            cc.phrase_entries()
                .any(|(k, v)| k == "於仲完" && v.contains('完'))
        );
        assert!(normalize("於仲完").contains('完'));
        let targets: HashSet<char> = ['完', '于'].into_iter().collect();
        let found = sources(&targets);
        assert!(!found[&'完'].contains(&'於'), "{:?}", found[&'完']);
        assert!(found[&'于'].contains(&'於'));
        // What a phrase's char makes on its own is traced to that char: a text that
        // holds the phrase holds a source of every target in its Simplified form.
        let targets: HashSet<char> = cc
            .phrase_entries()
            .flat_map(|(_, v)| v.chars().filter_map(|c| finish(cc, c)))
            .collect();
        let found = sources(&targets);
        for (key, value) in cc.phrase_entries() {
            assert_eq!(key.chars().count(), value.chars().count(), "{key}");
            for v in value.chars().filter_map(|c| finish(cc, c)) {
                let Some(listed) = found.get(&v) else {
                    continue;
                };
                assert!(
                    key.chars().any(|k| listed.contains(&k)),
                    "{key} → {value}: no source of {v}"
                );
            }
        }
    }

    #[test]
    fn composed_and_control_targets_are_not_traced() {
        let targets: HashSet<char> = ['é', '\u{8}', '\u{301}'].into_iter().collect();
        assert!(sources(&targets).is_empty());
    }
}
