//! What building a matcher needs of a shared list of phrases (a lexicon concept's),
//! worked out once per thread and list and laid out end to end: each phrase's key and
//! its hash, whether it is a negative form, its patterns already split into the key
//! of their first two chars and the rest, and a gapped phrase's segments likewise. A
//! matcher then takes a list of a hundred phrases in one pass over a few arrays,
//! without looking each phrase up in [`forms`]'s cache or following its pointers.

use std::cell::RefCell;
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::rc::Rc;
use std::sync::Arc;

use super::{Forms, forms, pair_key, to_u32};

/// A pattern (a phrase's or segment's normalised form, or its char-by-char one) ready
/// for [`super::FirstChars`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Pattern {
    /// Its text in [`List::text`].
    pub text: (u32, u32),
    pub split: Split,
}

/// A pattern's key (first two chars, [`pair_key`]), the bytes those chars take, its
/// length in chars and whether it is one char long.
#[derive(Debug, Clone, Copy)]
pub(super) struct Split {
    pub key: u64,
    pub head: u32,
    pub chars: u32,
    pub single: bool,
}

impl Split {
    /// `None` for an empty pattern.
    pub fn of(pattern: &str) -> Option<Split> {
        let mut chars = pattern.chars();
        let first = chars.next()?;
        let second = chars.next();
        Some(Split {
            key: pair_key(first, second),
            head: to_u32(first.len_utf8() + second.map_or(0, char::len_utf8)),
            chars: to_u32(pattern.chars().count()),
            single: second.is_none(),
        })
    }
}

/// One phrase of a [`List`]; the ranges index the list's arrays.
#[derive(Debug, Clone, Copy)]
pub(super) struct Phrase {
    pub negative: bool,
    /// Its key ([`Forms::key`]) in [`List::text`], and the key's [`hash`].
    pub key: (u32, u32),
    pub key_hash: u64,
    /// In [`List::patterns`]; none for a gapped phrase, which is matched by its
    /// segments.
    pub patterns: (u32, u32),
    /// In [`List::segments`]: a gapped phrase's segments, in order; none otherwise.
    pub segments: (u32, u32),
}

/// A segment of a gapped phrase of a [`List`].
#[derive(Debug)]
pub(super) struct Segment {
    /// Its text (as written) in [`List::text`], and the text's [`hash`].
    pub text: (u32, u32),
    pub hash: u64,
    /// In [`List::patterns`].
    pub patterns: (u32, u32),
    /// For a matcher with an automaton, which registers patterns by their strings.
    pub forms: Rc<Forms>,
}

/// A shared list of phrases, prepared (see the module's notes).
#[derive(Debug)]
pub(super) struct List {
    /// The list itself, kept so that no other list is allocated at its address while
    /// this is cached.
    _list: Arc<[String]>,
    /// Keys, patterns and segments, end to end.
    text: String,
    pub phrases: Vec<Phrase>,
    pub patterns: Vec<Pattern>,
    pub segments: Vec<Segment>,
    /// Each phrase's forms, for a matcher with an automaton.
    pub forms: Vec<Rc<Forms>>,
}

impl List {
    fn new(list: &Arc<[String]>) -> List {
        let mut out = List {
            _list: Arc::clone(list),
            text: String::new(),
            phrases: Vec::with_capacity(list.len()),
            patterns: Vec::with_capacity(list.len()),
            segments: Vec::new(),
            forms: Vec::with_capacity(list.len()),
        };
        for p in list.iter() {
            let own = forms(p);
            let key = out.push_text(&own.key);
            let gapped = own.segments.len() >= 2;
            let patterns = if gapped {
                let at = to_u32(out.patterns.len());
                (at, at)
            } else {
                out.push_patterns(&own)
            };
            let first_segment = to_u32(out.segments.len());
            if gapped {
                for s in &own.segments {
                    let text = out.push_text(s);
                    let forms = forms(s);
                    let patterns = out.push_patterns(&forms);
                    out.segments.push(Segment {
                        text,
                        hash: hash(s),
                        patterns,
                        forms,
                    });
                }
            }
            out.phrases.push(Phrase {
                negative: own.negative,
                key,
                key_hash: hash(&own.key),
                patterns,
                segments: (first_segment, to_u32(out.segments.len())),
            });
            out.forms.push(own);
        }
        out
    }

    fn push_text(&mut self, s: &str) -> (u32, u32) {
        let start = to_u32(self.text.len());
        self.text.push_str(s);
        (start, to_u32(self.text.len()))
    }

    fn push_patterns(&mut self, forms: &Forms) -> (u32, u32) {
        let start = to_u32(self.patterns.len());
        for pattern in [Some(&forms.normal), forms.charwise.as_ref()]
            .into_iter()
            .flatten()
        {
            if let Some(split) = Split::of(pattern) {
                let text = self.push_text(pattern);
                self.patterns.push(Pattern { text, split });
            }
        }
        (start, to_u32(self.patterns.len()))
    }

    /// The text at `range` of [`List::text`].
    pub fn text(&self, range: (u32, u32)) -> &str {
        self.text
            .get(range.0 as usize..range.1 as usize)
            .unwrap_or_default()
    }

    pub fn patterns(&self, range: (u32, u32)) -> &[Pattern] {
        self.patterns
            .get(range.0 as usize..range.1 as usize)
            .unwrap_or_default()
    }

    pub fn segments(&self, range: (u32, u32)) -> &[Segment] {
        self.segments
            .get(range.0 as usize..range.1 as usize)
            .unwrap_or_default()
    }
}

/// Most lists [`list`] keeps per thread; past it the cache starts over.
const MAX_CACHED_LISTS: usize = 1_024;

thread_local! {
    /// The shared lists seen lately on this thread, prepared, by address: a library's
    /// scenarios name the same lexicon concepts file after file.
    static LISTS: RefCell<foldhash::HashMap<usize, Rc<List>>> =
        RefCell::new(foldhash::HashMap::default());
}

/// `list` prepared, once per thread and list.
pub(super) fn list(list: &Arc<[String]>) -> Rc<List> {
    let address = Arc::as_ptr(list).cast::<String>() as usize;
    if let Some(found) = LISTS.with_borrow(|cache| cache.get(&address).cloned()) {
        return found;
    }
    let made = Rc::new(List::new(list));
    LISTS.with_borrow_mut(|cache| {
        if cache.len() >= MAX_CACHED_LISTS {
            cache.clear();
        }
        cache.insert(address, Rc::clone(&made));
    });
    made
}

/// The hash a [`Hashed`] string carries: the same for the same text on every thread.
pub(super) fn hash(s: &str) -> u64 {
    foldhash::fast::FixedState::with_seed(0x5eed).hash_one(s)
}

/// A string with its [`hash`], worked out beforehand: a map of these hashes nothing
/// (see [`Prehashed`]) and compares texts only when the hashes meet.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hashed<'a> {
    pub hash: u64,
    pub text: &'a str,
}

impl<'a> Hashed<'a> {
    pub fn new(text: &'a str) -> Hashed<'a> {
        Hashed {
            hash: hash(text),
            text,
        }
    }
}

impl PartialEq for Hashed<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.text == other.text
    }
}

impl Eq for Hashed<'_> {}

impl Hash for Hashed<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// The hasher of maps keyed by [`Hashed`]: their hash as it is.
#[derive(Default)]
pub(super) struct Prehashed(u64);

impl Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only [`Hashed`] is hashed with this, through `write_u64`; anything else
        // still gets a hash of its bytes.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A map keyed by [`Hashed`] strings.
pub(super) type HashedMap<'a, V> =
    std::collections::HashMap<Hashed<'a>, V, BuildHasherDefault<Prehashed>>;
