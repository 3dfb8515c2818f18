//! One canonical char for every set of chars that Traditional → Simplified conversion
//! can leave apart although they write the same word.
//!
//! OpenCC keeps some Traditional chars inside a phrase only (乾安縣 → 乾安县, 楊聯陞 →
//! 杨联陞, 幺麼小丑 → 幺麽小丑) while the same char alone converts (乾 → 干, 陞 → 升,
//! 麽 → 么); Taiwan and Hong Kong write variant chars (著 for 着, 么 for 幺, 衞 for 卫);
//! and the dictionaries map 帳 to 帐 but 賬 to 账. A phrase and an answer converted in
//! different contexts then differ by such chars. After conversion, every char is
//! replaced by the canonical member of its set, on the phrase side and the answer side
//! alike, so they meet again. The sets join each char with its conversion (OpenCC's
//! char tables), each regional variant with its standard form, and 帐 with 账; the
//! canonical member is a Simplified char (one conversion leaves alone), the one most
//! members convert to, then the lowest code point: 干 for {乾, 幹, 干}, 么 for {么,
//! 幺, 麼, 麽}, 着 for {着, 著}. Being one char for one, the fold keeps every offset,
//! and it only ever adds matches: two texts equal before it are equal after it.

use std::collections::HashMap;

/// Char pairs that write the same word beyond OpenCC's tables, the second canonical:
/// 帳 → 帐 but 賬 → 账, so 帳戶, 賬戶, 帐户 and 账户 are one word, spelt 账户.
const SAME_WORD: &[(char, char)] = &[('帐', '账')];

/// Union-find over chars.
#[derive(Default)]
struct Sets {
    parent: HashMap<char, char>,
}

impl Sets {
    fn root(&mut self, c: char) -> char {
        let mut r = c;
        while let Some(&p) = self.parent.get(&r) {
            if p == r {
                break;
            }
            r = p;
        }
        // Path compression keeps later lookups short.
        let mut c = c;
        while c != r {
            let next = self.parent.get(&c).copied().unwrap_or(r);
            self.parent.insert(c, r);
            c = next;
        }
        r
    }

    fn join(&mut self, a: char, b: char) {
        self.parent.entry(a).or_insert(a);
        self.parent.entry(b).or_insert(b);
        let (ra, rb) = (self.root(a), self.root(b));
        if ra != rb {
            self.parent.insert(ra, rb);
        }
    }
}

/// The canonical char of every char that has one other than itself.
///
/// `convert` is the char conversion; `pairs` are the conversion table's entries and
/// the regional variants (variant, standard form).
pub(super) fn canonical(
    convert: impl Fn(char) -> char,
    pairs: impl Iterator<Item = (char, char)>,
) -> HashMap<char, char> {
    let mut sets = Sets::default();
    for (a, b) in pairs.chain(SAME_WORD.iter().copied()) {
        sets.join(a, b);
        sets.join(b, convert(b));
    }
    let chars: Vec<char> = sets.parent.keys().copied().collect();
    let mut members: HashMap<char, Vec<char>> = HashMap::new();
    for c in chars {
        let root = sets.root(c);
        members.entry(root).or_default().push(c);
    }
    let mut out = HashMap::new();
    for set in members.values() {
        let votes = |s: char| set.iter().filter(|&&m| convert(m) == s).count();
        let preferred = |c: char| SAME_WORD.iter().any(|&(_, p)| p == c);
        let best = set
            .iter()
            .copied()
            .filter(|&c| convert(c) == c)
            .max_by_key(|&c| (preferred(c), votes(c), std::cmp::Reverse(c)))
            .or_else(|| set.first().map(|&c| convert(c)));
        let Some(best) = best else { continue };
        for &c in set {
            if c != best {
                out.insert(c, best);
            }
        }
    }
    out
}
