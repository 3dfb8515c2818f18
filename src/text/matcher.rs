//! Phrase matching (spec §2): one Aho-Corasick automaton over every phrase of a
//! scenario, run once over a normalised answer, yielding every occurrence — overlapping
//! ones included — as char offsets into the normalised text; plus the pure helpers
//! scoring needs on those occurrences (banned-with-`except`, non-overlapping counts) and
//! the way back to offsets in the original answer.
//!
//! OpenCC converts some chars differently depending on their neighbours (its phrase
//! dictionary turns 瞭 into 了 in 一目瞭然 but leaves a lone 瞭 alone), so a phrase
//! converted on its own can differ from the same words converted inside an answer. Each
//! phrase is therefore registered under two patterns when they differ: its normal
//! normalisation and its char-by-char one (every char converted without context); both
//! report the same phrase id.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use aho_corasick::automaton::{Automaton, OverlappingState};
use aho_corasick::dfa::DFA;
use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};
use foldhash::HashMapExt;

use super::clause::{Context, is_negative_form};
use super::normalize::{Normalized, normalize, normalize_charwise};

/// All phrases of a scenario, compiled for one-pass matching.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// The automaton over symbols, one per char (see [`Symbols`]); `None` when the
    /// phrases use more distinct chars than a byte can number, or it cannot be built.
    symbols: Option<Symbols>,
    /// The patterns by their first char, searched in place of an automaton by a
    /// matcher built for a few short texts ([`Matcher::quick`]), which then keeps
    /// no `patterns` list.
    by_first: Option<FirstChars>,
    /// The automaton over UTF-8, used when `symbols` and `by_first` are `None`. `None`
    /// only if it cannot be built (a phrase set past aho-corasick's size limits): matching then
    /// searches `patterns` one by one — slower, same answers, and no panic on an
    /// author's huge scenario.
    automaton: Option<AhoCorasick>,
    patterns: Vec<String>,
    /// For each pattern, the phrases (ids) it stands for: several phrases can normalise
    /// to the same string, and one phrase can have two patterns.
    pattern_phrases: Vec<Vec<u32>>,
    phrase_count: usize,
    /// Phrases written with gaps (`理解…心情`), matched as their segments in order.
    gapped: Vec<Gapped>,
    /// The segment ids of every gapped phrase, end to end.
    gap_segments: Vec<u32>,
    /// For each first segment's id, the gapped phrases (indices) starting with it.
    gapped_by_first: ByFirstSegment,
    /// For each phrase, whether it is itself a negative form (不保本).
    negative: Vec<bool>,
    /// For each phrase, the number of its [`phrase_key`] among the phrases' distinct
    /// keys: two phrases match the same places exactly when their numbers are equal.
    keys: Vec<u32>,
    key_count: usize,
}

/// A phrase with gaps: the ids under which its segments are matched.
#[derive(Debug, Clone)]
struct Gapped {
    phrase: u32,
    /// At these indices of [`Matcher::gap_segments`]; two or more.
    segments: (u32, u32),
}

/// The gapped phrases (indices into [`Matcher::gapped`]) by the id of their first
/// segment, in order: segment ids are numbered from `first` on, so segment `first + i`
/// has those at `gapped[starts[i]..starts[i + 1]]`.
#[derive(Debug, Clone, Default)]
struct ByFirstSegment {
    first: u32,
    starts: Vec<u32>,
    gapped: Vec<u32>,
}

impl ByFirstSegment {
    /// `gapped`, whose segment ids (in `segments`) are `first..end`.
    fn new(gapped: &[Gapped], segments: &[u32], first: u32, end: u32) -> ByFirstSegment {
        let first_of = |g: &Gapped| {
            segments
                .get(g.segments.0 as usize)
                .map(|&s| s.wrapping_sub(first))
        };
        let mut starts = vec![0_u32; end.saturating_sub(first) as usize + 1];
        for g in gapped {
            if let Some(slot) = first_of(g).and_then(|i| starts.get_mut(i as usize + 1)) {
                *slot += 1;
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut by_first = vec![0_u32; gapped.len()];
        for (i, g) in gapped.iter().enumerate() {
            let Some(at) = first_of(g).and_then(|f| next.get_mut(f as usize)) else {
                continue;
            };
            if let Some(slot) = by_first.get_mut(*at as usize) {
                *slot = to_u32(i);
            }
            *at += 1;
        }
        ByFirstSegment {
            first,
            starts,
            gapped: by_first,
        }
    }

    /// The gapped phrases whose first segment is `segment`.
    fn get(&self, segment: u32) -> &[u32] {
        let i = segment.wrapping_sub(self.first) as usize;
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&from), Some(&to)) => self.gapped.get(from as usize..to as usize),
            _ => None,
        }
        .unwrap_or_default()
    }
}

/// The most chars (of normalised text) a gap in a phrase stands for.
pub const MAX_GAP: u32 = 8;

/// What a phrase matches, as one string: its segments normalised and joined by `…`;
/// two phrases with the same key match the same places.
pub fn phrase_key(phrase: &str) -> String {
    forms(phrase).key.to_string()
}

/// What a phrase is searched as, worked out once per thread ([`forms`]).
#[derive(Debug)]
pub struct Forms {
    /// Its normalisation.
    pub normal: String,
    /// Its char-by-char normalisation, when that differs (see the module's notes on
    /// OpenCC).
    pub charwise: Option<String>,
    /// Its segments between gap marks ([`gap_segments`]) when it has two or more;
    /// empty otherwise.
    pub segments: Vec<Box<str>>,
    /// Its [`phrase_key`].
    pub key: Rc<str>,
    /// Whether its normalisation is itself a negative form ([`is_negative_form`]).
    pub negative: bool,
}

/// Most phrases [`forms`] keeps per thread; past it the cache starts over.
const MAX_CACHED_FORMS: usize = 50_000;

thread_local! {
    /// The forms of the phrases seen lately on this thread: a library's scenarios
    /// repeat the same concepts and phrases file after file.
    static FORMS: RefCell<foldhash::HashMap<Box<str>, Rc<Forms>>> =
        RefCell::new(foldhash::HashMap::new());
}

/// The [`Forms`] of `phrase`, worked out once per thread and phrase.
pub fn forms(phrase: &str) -> Rc<Forms> {
    if let Some(found) = FORMS.with_borrow(|cache| cache.get(phrase).cloned()) {
        return found;
    }
    let normal = normalize(phrase);
    let charwise = Some(normalize_charwise(phrase)).filter(|c| *c != normal);
    let segments = gap_segments(phrase);
    let key: Rc<str> = match segments.as_slice() {
        [one] if *one == phrase => normal.as_str().into(),
        _ => segments
            .iter()
            .map(|s| forms(s).normal.clone())
            .collect::<Vec<_>>()
            .join("…")
            .into(),
    };
    let segments = if segments.len() < 2 {
        Vec::new()
    } else {
        segments.into_iter().map(Box::from).collect()
    };
    let made = Rc::new(Forms {
        negative: is_negative_form(&normal),
        normal,
        charwise,
        segments,
        key,
    });
    FORMS.with_borrow_mut(|cache| {
        if cache.len() >= MAX_CACHED_FORMS {
            cache.clear();
        }
        cache.insert(phrase.into(), Rc::clone(&made));
    });
    made
}

/// A phrase's segments between gap marks (`…`, `……`, `...`); one segment when it has
/// none. Segments that normalise to nothing (a leading or trailing mark) are dropped.
pub fn gap_segments(phrase: &str) -> Vec<&str> {
    // With no mark the phrase is its one segment: what [`forms`] relies on, as it
    // looks a phrase's segments up in turn.
    if !phrase.contains('…') && !phrase.contains("...") {
        return vec![phrase];
    }
    let mut out = Vec::new();
    let mut rest = phrase;
    while !rest.is_empty() {
        let cut = [
            rest.find('…').map(|i| (i, '…'.len_utf8())),
            rest.find("...").map(|i| (i, 3)),
        ]
        .into_iter()
        .flatten()
        .min_by_key(|&(i, _)| i);
        let (segment, after) = match cut {
            Some((i, len)) => (&rest[..i], &rest[i + len..]),
            None => (rest, ""),
        };
        if !forms(segment).normal.is_empty() {
            out.push(segment);
        }
        rest = after;
    }
    if out.is_empty() {
        out.push(phrase);
    }
    out
}

/// Phrases to number, in order: one phrase, or a shared list of them (a lexicon
/// concept's), numbered one after another.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    Phrase(&'a str),
    /// A list's phrases are fetched from the thread's cache in one look, prepared
    /// ([`prepared::list`]), not phrase by phrase.
    List(&'a Arc<[String]>),
}

/// A [`Source`]'s phrases as the build takes them.
enum Fetched {
    Phrase(Rc<Forms>),
    List(Rc<prepared::List>),
}

/// A [`Matcher`] being built; `'a` is the life of the [`Fetched`] phrases, whose texts
/// key its maps.
struct Builder<'a> {
    by_first: Option<FirstChars>,
    index: foldhash::HashMap<String, usize>,
    patterns: Vec<String>,
    pattern_phrases: Vec<Vec<u32>>,
    gapped: Vec<Gapped>,
    gap_segments: Vec<u32>,
    segment_ids: prepared::HashedMap<'a, u32>,
    next_segment: u32,
    negative: Vec<bool>,
    keys: Vec<u32>,
    key_ids: prepared::HashedMap<'a, u32>,
}

impl<'a> Builder<'a> {
    /// Phrase `id`, with forms `own`.
    fn phrase(&mut self, id: u32, own: &'a Forms) {
        self.negative.push(own.negative);
        self.key(Hashed::new(&own.key));
        if own.segments.len() < 2 {
            self.register(id, own);
            return;
        }
        self.gapped_phrase(id, own.segments.iter(), |b, segment| {
            b.segment(Hashed::new(segment), |b, id| {
                b.register(id, &forms(segment))
            })
        });
    }

    /// Phrase `id`, the `k`th of `list`, prepared as `p`.
    fn listed(&mut self, id: u32, list: &'a prepared::List, k: usize, p: &prepared::Phrase) {
        self.negative.push(p.negative);
        self.key(Hashed {
            hash: p.key_hash,
            text: list.text(p.key),
        });
        if p.segments.0 == p.segments.1 {
            match self.by_first.as_mut() {
                Some(by_first) => by_first.add_all(id, list, p.patterns),
                None => {
                    if let Some(own) = list.forms.get(k) {
                        self.register(id, own);
                    }
                }
            }
            return;
        }
        self.gapped_phrase(id, list.segments(p.segments).iter(), |b, s| {
            let text = Hashed {
                hash: s.hash,
                text: list.text(s.text),
            };
            b.segment(text, |b, id| match b.by_first.as_mut() {
                Some(by_first) => by_first.add_all(id, list, s.patterns),
                None => b.register(id, &s.forms),
            })
        });
    }

    /// Gapped phrase `id`, made of `segments` in order, each given its id by
    /// `segment_id`.
    fn gapped_phrase<S>(
        &mut self,
        id: u32,
        segments: impl Iterator<Item = S>,
        mut segment_id: impl FnMut(&mut Self, S) -> u32,
    ) {
        let start = to_u32(self.gap_segments.len());
        for segment in segments {
            let segment = segment_id(self, segment);
            self.gap_segments.push(segment);
        }
        self.gapped.push(Gapped {
            phrase: id,
            segments: (start, to_u32(self.gap_segments.len())),
        });
    }

    /// The number of a key among the phrases' distinct keys, pushed for the next
    /// phrase.
    fn key(&mut self, key: Hashed<'a>) {
        let next = to_u32(self.key_ids.len());
        self.keys.push(*self.key_ids.entry(key).or_insert(next));
    }

    /// The id of a segment of a gapped phrase: one per distinct segment, shared by
    /// every gapped phrase using it; `register` registers a new one's patterns.
    fn segment(&mut self, text: Hashed<'a>, register: impl FnOnce(&mut Self, u32)) -> u32 {
        let id = match self.segment_ids.entry(text) {
            std::collections::hash_map::Entry::Occupied(known) => return *known.get(),
            std::collections::hash_map::Entry::Vacant(new) => *new.insert(self.next_segment),
        };
        self.next_segment += 1;
        register(self, id);
        id
    }

    /// The patterns of `forms` (its normal and char-by-char forms), for `id`.
    fn register(&mut self, id: u32, forms: &Forms) {
        let variants = [Some(&forms.normal), forms.charwise.as_ref()];
        for pattern in variants.into_iter().flatten() {
            if pattern.is_empty() {
                continue;
            }
            if let Some(by_first) = self.by_first.as_mut() {
                by_first.add(id, pattern);
                continue;
            }
            let slot = match self.index.get(pattern.as_str()) {
                Some(&slot) => slot,
                None => {
                    self.patterns.push(pattern.clone());
                    self.pattern_phrases.push(Vec::new());
                    self.index.insert(pattern.clone(), self.patterns.len() - 1);
                    self.patterns.len() - 1
                }
            };
            if !self.pattern_phrases[slot].contains(&id) {
                self.pattern_phrases[slot].push(id);
            }
        }
    }
}

/// One occurrence of a phrase: char offsets `[start, end)` into `Normalized::text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    pub phrase: u32,
    pub start: u32,
    pub end: u32,
}

impl Matcher {
    /// `phrases` are raw (un-normalised) phrases; phrase i is reported as id i. Several
    /// phrases may normalise to the same string. A phrase that normalises to "" is never
    /// reported.
    pub fn new<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Matcher {
        let sources: Vec<Source<'a>> = phrases.into_iter().map(Source::Phrase).collect();
        Matcher::build(&sources, false)
    }

    /// [`Matcher::new`] with no automaton: each char of a text is looked up among the
    /// patterns' first chars. The same occurrences, next to no build time, slower on
    /// long texts. For matching a few short answers once (`check` running a
    /// scenario's examples).
    pub fn quick<'a>(phrases: impl IntoIterator<Item = &'a str>) -> Matcher {
        let sources: Vec<Source<'a>> = phrases.into_iter().map(Source::Phrase).collect();
        Matcher::build(&sources, true)
    }

    /// [`Matcher::new`] over `sources`: phrase i of them (a list's phrases one after
    /// another) is reported as id i.
    pub fn from_sources(sources: &[Source<'_>]) -> Matcher {
        Matcher::build(sources, false)
    }

    /// [`Matcher::quick`] over `sources`, numbered as by [`Matcher::from_sources`].
    pub fn quick_from_sources(sources: &[Source<'_>]) -> Matcher {
        Matcher::build(sources, true)
    }

    fn build(sources: &[Source<'_>], quick: bool) -> Matcher {
        // Everything the phrases need, fetched first: the build borrows their texts.
        let fetched: Vec<Fetched> = (sources.iter())
            .map(|s| match s {
                Source::Phrase(p) => Fetched::Phrase(forms(p)),
                Source::List(list) => Fetched::List(prepared::list(list)),
            })
            .collect();
        let phrase_count: usize = (fetched.iter())
            .map(|f| match f {
                Fetched::Phrase(_) => 1,
                Fetched::List(list) => list.phrases.len(),
            })
            .sum();
        let mut b = Builder {
            // A matcher for a few short texts needs no automaton at all: looking up
            // each char of the text among the patterns' first chars costs next to
            // nothing to build and little per text. Its patterns go straight there,
            // each with its phrase: one string repeated is only looked at twice.
            by_first: quick.then(|| FirstChars::with_capacity(phrase_count)),
            index: foldhash::HashMap::new(),
            patterns: Vec::new(),
            pattern_phrases: Vec::new(),
            gapped: Vec::new(),
            gap_segments: Vec::new(),
            segment_ids: prepared::HashedMap::default(),
            // Segments of gapped phrases get ids after the phrases' own.
            next_segment: to_u32(phrase_count),
            negative: Vec::with_capacity(phrase_count),
            keys: Vec::with_capacity(phrase_count),
            key_ids: prepared::HashedMap::with_capacity_and_hasher(
                phrase_count,
                Default::default(),
            ),
        };
        let mut id: u32 = 0;
        for f in &fetched {
            match f {
                Fetched::Phrase(own) => {
                    b.phrase(id, own);
                    id += 1;
                }
                Fetched::List(list) => {
                    for (k, p) in list.phrases.iter().enumerate() {
                        b.listed(id, list, k, p);
                        id += 1;
                    }
                }
            }
        }
        let Builder {
            by_first,
            patterns,
            pattern_phrases,
            gapped,
            gap_segments,
            next_segment,
            negative,
            keys,
            key_ids,
            ..
        } = b;
        // A full DFA is the fastest search but costs time and memory that grow faster
        // than the number of patterns; past a few thousand (a hand-written file never
        // has that many) a contiguous NFA is built instead, in near-linear time.
        let small = patterns.len() <= MAX_DFA_PATTERNS;
        let (symbols, automaton) = match (&by_first, small) {
            (Some(_), _) => (None, None),
            (None, true) => match Symbols::new(&patterns) {
                Some(symbols) => (Some(symbols), None),
                None => (None, dfa(&patterns)),
            },
            (None, false) => (None, nfa(&patterns)),
        };
        Matcher {
            symbols,
            by_first,
            automaton,
            patterns,
            pattern_phrases,
            phrase_count,
            gapped_by_first: ByFirstSegment::new(
                &gapped,
                &gap_segments,
                to_u32(phrase_count),
                next_segment,
            ),
            gapped,
            gap_segments,
            negative,
            keys,
            key_count: key_ids.len(),
        }
    }

    /// Every occurrence of every phrase, overlapping ones included, as char offsets
    /// `[start, end)` into `text.text`, sorted by (start, end, phrase).
    pub fn occurrences(&self, ctx: &Context<'_>) -> Vec<Occurrence> {
        let mut out = Vec::new();
        self.occurrences_into(ctx, &mut out);
        out
    }

    /// The occurrences in the raw text `answer`, normalised here: for callers with
    /// one text and no buffers to keep.
    pub fn find(&self, answer: &str) -> Vec<Occurrence> {
        let text = super::normalize::normalize_mapped(answer);
        let raw = || answer.to_owned();
        self.occurrences(&Context::new(&raw, &text))
    }

    /// [`Matcher::occurrences`] into `out`, which is cleared first: a caller grading
    /// many texts keeps one buffer.
    pub fn occurrences_into(&self, ctx: &Context<'_>, out: &mut Vec<Occurrence>) {
        out.clear();
        let text = ctx.normalized();
        let haystack = text.text.as_str();
        if let Some(symbols) = &self.symbols {
            SYMBOLS.with_borrow_mut(|encoded| {
                symbols.encode(haystack, encoded);
                // Symbols are chars, so offsets into `encoded` are char offsets.
                let input = Input::new(encoded.as_slice());
                let mut state = OverlappingState::start();
                // An overlapping search only fails for match kinds `new` never builds.
                while symbols.dfa.try_find_overlapping(&input, &mut state).is_ok() {
                    let Some(m) = state.get_match() else { break };
                    self.push(
                        out,
                        m.pattern().as_usize(),
                        to_u32(m.start()),
                        to_u32(m.end()),
                    );
                }
            });
        } else if let Some(by_first) = &self.by_first {
            by_first.search(haystack, |phrase, start, end| {
                out.push(Occurrence { phrase, start, end });
            });
        } else {
            // Byte offsets: converted to chars once there is a match.
            let mut chars: Option<CharOffsets> = None;
            let mut push = |pattern: usize, start: usize, end: usize| {
                let chars = chars.get_or_insert_with(|| CharOffsets::new(haystack));
                self.push(out, pattern, chars.get(start), chars.get(end));
            };
            // Overlapping search only fails for non-Standard match kinds, which `new`
            // never builds; the naive search is the safe answer all the same.
            match self
                .automaton
                .as_ref()
                .map(|ac| ac.try_find_overlapping_iter(haystack))
            {
                Some(Ok(matches)) => {
                    for m in matches {
                        push(m.pattern().as_usize(), m.start(), m.end());
                    }
                }
                _ => naive_search(&self.patterns, haystack, &mut push),
            }
        }
        if !self.gapped.is_empty() {
            self.join_gaps(ctx, out);
        }
        sort_occurrences(out);
    }

    /// Turns the occurrences of gapped phrases' segments into occurrences of those
    /// phrases: each segment after the previous one, at most [`MAX_GAP`] chars later,
    /// with no clause break from the first segment's start to the last one's end. The
    /// segments' own occurrences are removed.
    fn join_gaps(&self, ctx: &Context<'_>, out: &mut Vec<Occurrence>) {
        let first_segment = to_u32(self.phrase_count);
        let segments: Vec<Occurrence> = out
            .iter()
            .filter(|o| o.phrase >= first_segment)
            .copied()
            .collect();
        if segments.is_empty() {
            return;
        }
        out.retain(|o| o.phrase < first_segment);
        for first in &segments {
            let starting = self.gapped_by_first.get(first.phrase);
            for g in starting.iter().filter_map(|&i| self.gapped.get(i as usize)) {
                let (from, to) = (g.segments.0 as usize + 1, g.segments.1 as usize);
                let rest = self.gap_segments.get(from..to).unwrap_or_default();
                if let Some(end) = chain(&segments, rest, first.end, ctx)
                    && !ctx.crosses_break(first.start, end)
                {
                    out.push(Occurrence {
                        phrase: g.phrase,
                        start: first.start,
                        end,
                    });
                }
            }
        }
    }

    /// Records a match of `pattern` at chars `[start, end)` for each phrase it stands for.
    fn push(&self, out: &mut Vec<Occurrence>, pattern: usize, start: u32, end: u32) {
        for &phrase in self
            .pattern_phrases
            .get(pattern)
            .map_or(&[][..], Vec::as_slice)
        {
            out.push(Occurrence { phrase, start, end });
        }
    }

    /// The number of phrase `id`'s [`phrase_key`] among the distinct keys of the
    /// phrases, below [`Matcher::key_count`]: equal for two phrases exactly when their
    /// keys are.
    pub fn key_id(&self, id: u32) -> u32 {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.keys.get(i))
            .copied()
            .unwrap_or(u32::MAX)
    }

    /// How many distinct keys the phrases have.
    pub fn key_count(&self) -> usize {
        self.key_count
    }

    /// Whether phrase `id` is itself a negative form (starts with a negator).
    pub fn negative_form(&self, id: u32) -> bool {
        usize::try_from(id)
            .ok()
            .and_then(|i| self.negative.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// The normalised strings searched for: every occurrence of a phrase (or of a
    /// gapped phrase's segment) is an occurrence of one of these in normalised text.
    /// Empty for a [`Matcher::quick`] one, which keeps them by first char.
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// Number of phrases given to [`Matcher::new`], empty ones included.
    pub fn len(&self) -> usize {
        self.phrase_count
    }

    pub fn is_empty(&self) -> bool {
        self.phrase_count == 0
    }
}

/// Puts occurrences in order of (start, end, phrase), without repeats. Matches come in
/// order of their end; most texts have few.
fn sort_occurrences(out: &mut Vec<Occurrence>) {
    if !out.is_sorted_by_key(|o| (o.start, o.end, o.phrase)) {
        out.sort_unstable_by_key(|o| (o.start, o.end, o.phrase));
    }
    out.dedup();
}

/// Most patterns an automaton is built for as a full DFA.
pub const MAX_DFA_PATTERNS: usize = 4_000;

/// The UTF-8 automaton for many patterns: a contiguous NFA, built in near-linear time.
fn nfa(patterns: &[String]) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(patterns)
        .ok()
}

/// The UTF-8 automaton. A full DFA: a scenario or a rules file has at most a few
/// hundred phrases, so its size is small, and it searches about twice as fast as the
/// default choice on Chinese text, where every phrase starts with a common lead byte
/// and a prefilter fires on nearly every character.
fn dfa(patterns: &[String]) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .prefilter(false)
        .build(patterns)
        .ok()
}

thread_local! {
    /// The text being matched, as symbols: one buffer per thread, reused.
    static SYMBOLS: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The phrases spelt in an alphabet of their own: each distinct char of the patterns
/// is numbered from 1, every other char is 0. A text turned into these symbols, one
/// byte per char, matches a pattern exactly where the text's chars are the pattern's
/// (the numbering is one-to-one on pattern chars, and 0 is in no pattern). The DFA
/// then takes one step per char instead of one per UTF-8 byte — Chinese text has
/// three — and its offsets are char offsets.
#[derive(Debug, Clone)]
struct Symbols {
    dfa: DFA,
    /// Symbol of each BMP char.
    bmp: Box<[u8]>,
    /// Symbols of the pattern chars beyond the BMP.
    beyond: HashMap<char, u8>,
    /// What each raw BMP char does in the fused search (see [`fused`]), built when
    /// first needed.
    fused: OnceLock<fused::Table>,
}

impl Symbols {
    /// `None` when the patterns hold more than 255 distinct chars, or the automaton
    /// cannot be built.
    fn new(patterns: &[String]) -> Option<Symbols> {
        let mut bmp = vec![0u8; 0x10000].into_boxed_slice();
        let mut beyond = HashMap::new();
        let mut next: u8 = 1;
        let mut encoded: Vec<Vec<u8>> = Vec::with_capacity(patterns.len());
        for pattern in patterns {
            let mut symbols = Vec::with_capacity(pattern.len());
            for c in pattern.chars() {
                let slot = match bmp.get_mut(c as usize) {
                    Some(slot) => slot,
                    None => beyond.entry(c).or_insert(0),
                };
                if *slot == 0 {
                    *slot = next;
                    next = next.checked_add(1)?;
                }
                symbols.push(*slot);
            }
            encoded.push(symbols);
        }
        // A full DFA without prefilter, for the same reasons as [`dfa`].
        let dfa = DFA::builder()
            .match_kind(MatchKind::Standard)
            .prefilter(false)
            .build(&encoded)
            .ok()?;
        Some(Symbols {
            dfa,
            bmp,
            beyond,
            fused: OnceLock::new(),
        })
    }

    /// The symbol of `c`: 0 for a char in no pattern.
    fn symbol(&self, c: char) -> u8 {
        match self.bmp.get(c as usize) {
            Some(&symbol) => symbol,
            None => self.beyond.get(&c).copied().unwrap_or(0),
        }
    }

    /// `text` as symbols, one per char, into `out`.
    fn encode(&self, text: &str, out: &mut Vec<u8>) {
        // At most one symbol per byte: size for that, fill, then cut to the chars.
        out.clear();
        out.resize(text.len(), 0);
        let mut n = 0;
        for (slot, c) in out.iter_mut().zip(text.chars()) {
            *slot = self.symbol(c);
            n += 1;
        }
        out.truncate(n);
    }
}

/// The patterns by their first two chars (a one-char pattern by its char alone), each
/// with its phrase (or segment) id and its length in chars: every occurrence of a
/// pattern starts at a char of the text that, with the char after it, begins the
/// pattern, and only the rest of the pattern is compared. The patterns are kept end to
/// end in one string; those with one key are chained in the order added.
#[derive(Debug, Clone, Default)]
struct FirstChars {
    patterns: String,
    /// Every pattern, in the order added.
    entries: Vec<FirstEntry>,
    /// By key: the first and the last of its patterns in `entries`.
    by_key: foldhash::HashMap<u64, (u32, u32)>,
    /// Whether some pattern is one char long (most phrase sets have none).
    singles: bool,
}

#[derive(Debug, Clone, Copy)]
struct FirstEntry {
    /// Bytes in `patterns` past the first two chars.
    rest: (u32, u32),
    phrase: u32,
    chars: u32,
    /// The next pattern with the same key, if any.
    next: Option<u32>,
}

/// The key of patterns starting with `first` then `second`; `None` for a pattern of
/// one char.
fn pair_key(first: char, second: Option<char>) -> u64 {
    (u64::from(first) << 32) | u64::from(second.map_or(u32::MAX, u32::from))
}

impl FirstChars {
    /// Room for about `patterns` patterns.
    fn with_capacity(patterns: usize) -> FirstChars {
        FirstChars {
            entries: Vec::with_capacity(patterns),
            by_key: foldhash::HashMap::with_capacity_and_hasher(patterns, Default::default()),
            ..FirstChars::default()
        }
    }

    fn add(&mut self, phrase: u32, pattern: &str) {
        if let Some(split) = prepared::Split::of(pattern) {
            self.add_split(phrase, pattern, split);
        }
    }

    /// The prepared patterns at `range` of `list`, each for `phrase`.
    fn add_all(&mut self, phrase: u32, list: &prepared::List, range: (u32, u32)) {
        for p in list.patterns(range) {
            self.add_split(phrase, list.text(p.text), p.split);
        }
    }

    /// `pattern`, split as `split`, for `phrase`.
    fn add_split(&mut self, phrase: u32, pattern: &str, split: prepared::Split) {
        self.singles |= split.single;
        let start = self.patterns.len();
        self.patterns.push_str(pattern);
        let index = to_u32(self.entries.len());
        self.entries.push(FirstEntry {
            rest: (to_u32(start) + split.head, to_u32(self.patterns.len())),
            phrase,
            chars: split.chars,
            next: None,
        });
        match self.by_key.entry(split.key) {
            std::collections::hash_map::Entry::Occupied(mut chain) => {
                let (_, last) = chain.get_mut();
                if let Some(e) = self.entries.get_mut(*last as usize) {
                    e.next = Some(index);
                }
                *last = index;
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert((index, index));
            }
        }
    }

    /// Every (overlapping) occurrence of every pattern in `haystack`, as (phrase, char
    /// start, char end): by start, and at one start one-char patterns first, then the
    /// others in the order added.
    fn search(&self, haystack: &str, mut found: impl FnMut(u32, u32, u32)) {
        let bytes = haystack.as_bytes();
        let patterns = self.patterns.as_bytes();
        let mut chars = haystack.char_indices().peekable();
        let mut at: u32 = 0;
        while let Some((byte, c)) = chars.next() {
            // One-char patterns under `c` alone, the others under `c` and the next
            // char; each with the text's bytes after the chars of its key.
            let single = self
                .singles
                .then(|| (pair_key(c, None), byte + c.len_utf8()));
            let pair = chars
                .peek()
                .map(|&(after, n)| (pair_key(c, Some(n)), after + n.len_utf8()));
            for (key, keyed) in [single, pair].into_iter().flatten() {
                let Some(&(first, _)) = self.by_key.get(&key) else {
                    continue;
                };
                let text_rest = bytes.get(keyed..).unwrap_or_default();
                let mut next = Some(first);
                while let Some(e) = next.and_then(|i| self.entries.get(i as usize)) {
                    let tail = patterns
                        .get(e.rest.0 as usize..e.rest.1 as usize)
                        .unwrap_or_default();
                    if tail.is_empty() || text_rest.starts_with(tail) {
                        found(e.phrase, at, at.saturating_add(e.chars));
                    }
                    next = e.next;
                }
            }
            at += 1;
        }
    }
}

/// The end of the shortest way to match `rest` (segment ids) one after another from
/// char `from`, each within [`MAX_GAP`] chars of the one before.
fn chain(segments: &[Occurrence], rest: &[u32], from: u32, ctx: &Context<'_>) -> Option<u32> {
    let Some((&next, rest)) = rest.split_first() else {
        return Some(from);
    };
    segments
        .iter()
        .filter(|o| o.phrase == next && o.start >= from && o.start - from <= MAX_GAP)
        .filter(|o| !ctx.crosses_break(from.saturating_sub(1), o.start + 1))
        .find_map(|o| chain(segments, rest, o.end, ctx))
}

/// Every (overlapping) occurrence of every pattern, by restarting one char after each
/// match start.
fn naive_search(patterns: &[String], haystack: &str, push: &mut impl FnMut(usize, usize, usize)) {
    for (pattern_id, pattern) in patterns.iter().enumerate() {
        let mut from = 0;
        while let Some(pos) = haystack
            .get(from..)
            .and_then(|rest| rest.find(pattern.as_str()))
        {
            let start = from + pos;
            push(pattern_id, start, start + pattern.len());
            let step = haystack[start..].chars().next().map_or(1, char::len_utf8);
            from = start + step;
        }
    }
}

/// Byte offset → char offset for one text, built once and shared by all its matches.
/// ASCII text needs no table.
struct CharOffsets(Option<Vec<u32>>);

impl CharOffsets {
    fn new(text: &str) -> CharOffsets {
        if text.is_ascii() {
            return CharOffsets(None);
        }
        // Entries at non-boundary bytes are never read: matches start and end on chars.
        let mut table = vec![0; text.len() + 1];
        let mut count = 0;
        for (byte, _) in text.char_indices() {
            table[byte] = count;
            count += 1;
        }
        table[text.len()] = count;
        CharOffsets(Some(table))
    }

    fn get(&self, byte: usize) -> u32 {
        match &self.0 {
            None => to_u32(byte),
            Some(table) => table.get(byte).copied().unwrap_or(u32::MAX),
        }
    }
}

/// How a banned phrase opts in to the newer matching rules; the default is spec §2 as
/// first written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BanRules {
    /// A negated occurrence (没有保证, 不作保证, 保证不了) is a disclosure, not a hit;
    /// nor is one asked about (是否保本, 有没有写明保本, 会不会亏).
    pub unless_negated: bool,
    /// The phrase and its `except` phrases are matched within one clause: an
    /// occurrence that crosses a clause break counts for neither.
    pub clause: bool,
    /// Only an occurrence that is all its part says counts ([`Context::alone`]).
    pub alone: bool,
}

/// The spans of the hits of banned `phrase` under `rules`: occurrences not inside an
/// occurrence of `except`, and, as `rules` say, not negated and not across a break.
pub fn banned_spans(
    occ: &[Occurrence],
    phrase: u32,
    except: &[u32],
    rules: BanRules,
    ctx: &Context<'_>,
) -> Vec<(u32, u32)> {
    if rules == BanRules::default() {
        return hits_outside(occ, phrase, except);
    }
    let counts = |o: &Occurrence| !rules.clause || !ctx.crosses_break(o.start, o.end);
    occ.iter()
        .filter(|o| o.phrase == phrase && counts(o))
        .filter(|o| !covered_by(occ, o, except, counts))
        .filter(|o| !rules.alone || ctx.alone(o.start, o.end))
        .filter(|o| {
            !rules.unless_negated
                || !(ctx.negated(o.start) || ctx.negated_after(o.end) || ctx.questioned(o.start))
        })
        .map(|o| (o.start, o.end))
        .collect()
}

/// Whether a required item with alternatives `alts` is met: some alternative occurs
/// and is not negated right before it. A negation does not count when the alternative
/// is itself a negative form (不保本, 不好意思), which [`Matcher::negative_form`]
/// tells, nor inside a question, which asserts nothing (有没有不方便的地方?).
pub fn required_met(
    occ: &[Occurrence],
    alts: &[u32],
    matcher: &Matcher,
    ctx: &Context<'_>,
) -> bool {
    occ.iter().any(|o| {
        alts.contains(&o.phrase)
            && (matcher.negative_form(o.phrase)
                || !ctx.negated(o.start)
                || ctx.in_question(o.start))
    })
}

/// True when some occurrence of `phrase` is not inside (`start' <= start && end <= end'`)
/// an occurrence of any of `except`.
pub fn hit_outside(occ: &[Occurrence], phrase: u32, except: &[u32]) -> bool {
    occ.iter()
        .any(|o| o.phrase == phrase && !covered(occ, o, except))
}

/// The spans `(start, end)` of the occurrences of `phrase` that are not inside an
/// occurrence of any of `except`, in text order.
pub fn hits_outside(occ: &[Occurrence], phrase: u32, except: &[u32]) -> Vec<(u32, u32)> {
    occ.iter()
        .filter(|o| o.phrase == phrase && !covered(occ, o, except))
        .map(|o| (o.start, o.end))
        .collect()
}

fn covered(occ: &[Occurrence], o: &Occurrence, except: &[u32]) -> bool {
    covered_by(occ, o, except, |_| true)
}

/// Whether `o` lies inside an occurrence of any of `except` that `counts`.
fn covered_by(
    occ: &[Occurrence],
    o: &Occurrence,
    except: &[u32],
    counts: impl Fn(&Occurrence) -> bool,
) -> bool {
    occ.iter()
        .any(|e| except.contains(&e.phrase) && e.start <= o.start && o.end <= e.end && counts(e))
}

/// Count of non-overlapping occurrences of any of `phrases`, leftmost-longest greedy:
/// sorted by start ascending and end descending, an occurrence is taken when it starts
/// at or after the end of the last one taken.
pub fn count_non_overlapping(occ: &[Occurrence], phrases: &[u32]) -> usize {
    let mut spans: Vec<(u32, u32)> = occ
        .iter()
        .filter(|o| phrases.contains(&o.phrase))
        .map(|o| (o.start, o.end))
        .collect();
    spans.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut count = 0;
    let mut last_end = 0;
    for (start, end) in spans {
        if start >= last_end {
            count += 1;
            last_end = end;
        }
    }
    count
}

/// Maps a normalised char span `[start, end)` back to original char offsets
/// `[first origin, last origin + 1)`. An empty span maps to an empty span at the origin
/// of the char it precedes; offsets past the end are clamped.
pub fn original_span(text: &Normalized, start: u32, end: u32) -> (u32, u32) {
    let origin = &text.origin;
    let after_last = origin.last().map_or(0, |&o| o.saturating_add(1));
    let at = |i: u32| {
        usize::try_from(i)
            .ok()
            .and_then(|i| origin.get(i))
            .copied()
            .unwrap_or(after_last)
    };
    if start >= end {
        let o = at(start);
        return (o, o);
    }
    let first = at(start);
    let last = at(end - 1);
    if last == after_last {
        (first, after_last)
    } else {
        (first, last.saturating_add(1).max(first))
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

mod fused;
mod prepared;

use prepared::Hashed;

pub use fused::{Anchors, Found, WholeText};

#[cfg(test)]
mod tests;
