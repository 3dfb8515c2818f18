//! The fused search: a text normalised and matched in the same loop over its raw
//! chars, with no normalised copy and no offset vector. Each raw char is looked up
//! once in a table that gives the symbol (see [`Symbols`]) of what it normalises to,
//! the automaton takes its step, and only the last few origins are kept (in a ring as
//! long as the longest pattern), enough to place every occurrence in the raw text.
//!
//! The answer is exactly that of [`crate::text::normalize::normalize_mapped`] followed
//! by [`Matcher::occurrences_into`]: each char follows the same rules
//! ([`normalize::step_of`]); a run of OpenCC phrase chars holding a witness is undone
//! (automaton state, occurrences) and normalised by the exact fold for just that
//! stretch; a char that needs the whole text put through NFKC first (a combining
//! mark, a compatibility form inside an OpenCC phrase) makes the search give up, and
//! the caller takes the exact path for that text.

use aho_corasick::Anchored;
use aho_corasick::automaton::{Automaton, StateID};

use super::{Matcher, Occurrence, Symbols, sort_occurrences, to_u32};
use crate::text::clause::{ends_negation_word, negation_reach, starts_negator};
use crate::text::normalize::{self, Normalized, Step};

/// Entry of a raw char whose normalised form is one char with this symbol (the low
/// byte) and needs nothing else: below [`DROP`].
const PLAIN_END: u16 = 1 << 8;
/// The char vanishes.
const DROP: u16 = 1 << 8;
/// It becomes several chars, or one beyond the BMP.
const SLOW: u16 = 1 << 9;
/// The whole text must go through NFKC first.
const WHOLE: u16 = 1 << 10;
/// It occurs in an OpenCC phrase key.
const IN_PHRASE: u16 = 1 << 11;
/// ... and is a witness.
const WITNESS: u16 = 1 << 12;
/// Its normalised form starts a negator (the low byte is still its symbol).
const NEGATOR: u16 = 1 << 13;
/// Its normalised form ends a negator or a filler (the low byte is still its symbol).
const TAIL: u16 = 1 << 14;

/// The entry of every BMP char, for one set of patterns.
#[derive(Debug, Clone)]
pub(super) struct Table {
    entries: Box<[u16]>,
    /// The symbol and negation flags of each BMP char as a normalised char, for the
    /// chars a slow char or a run of phrase chars becomes.
    normal: Box<[u16]>,
    /// Whether some ASCII char is an OpenCC phrase char: the fold does not look for
    /// phrases in a lone ASCII text, which matters only then.
    ascii_in_phrase: bool,
    /// The automaton's start state, where it spends most of its time.
    start: StateID,
    /// Whether a plain char with this symbol leaves the automaton in its start state.
    stays: [bool; 256],
    /// What each byte does while the automaton is in its start state: an ASCII char
    /// that vanishes ([`IDLE_DROP`]), one that stays there as one normalised char
    /// ([`IDLE_STAY`]), or anything else, every non-ASCII byte included.
    idle: [u8; 256],
}

/// [`Table::idle`]: the byte is an ASCII char that vanishes.
const IDLE_DROP: u8 = 0;
/// [`Table::idle`]: the byte is an ASCII char, one normalised char that leaves the
/// automaton in its start state.
const IDLE_STAY: u8 = 1;
/// [`Table::idle`]: the byte needs the automaton's step or more.
const IDLE_STOP: u8 = 2;

impl Table {
    fn new(symbols: &Symbols) -> Table {
        let entries: Box<[u16]> = (0..=0xFFFF_u32)
            .map(|cp| char::from_u32(cp).map_or(WHOLE, |c| entry(symbols, c)))
            .collect();
        let ascii_in_phrase = (0..128).any(|i| entries[i] & IN_PHRASE != 0);
        let normal: Box<[u16]> = (0..=0xFFFF_u32)
            .map(|cp| char::from_u32(cp).map_or(0, |c| normal(symbols, c)))
            .collect();
        // A char that leaves the start state as it is needs no step: it cannot be
        // the first char of an occurrence (that char leads to a state of depth one),
        // so its origin is never asked for either. An automaton whose start state
        // matches (an empty pattern) is stepped through every char.
        let dfa = &symbols.dfa;
        let start = dfa.start_state(Anchored::No).ok();
        let mut stays = [false; 256];
        if let Some(start) = start.filter(|&s| !dfa.is_match(s)) {
            for (symbol, stay) in (0..=u8::MAX).zip(stays.iter_mut()) {
                *stay = dfa.next_state(Anchored::No, start, symbol) == start;
            }
        }
        let mut idle = [IDLE_STOP; 256];
        for (slot, &e) in idle.iter_mut().zip(&entries[..128]) {
            if e == DROP {
                *slot = IDLE_DROP;
            } else if e < PLAIN_END && stays[usize::from(e as u8)] {
                *slot = IDLE_STAY;
            }
        }
        Table {
            entries,
            normal,
            ascii_in_phrase,
            start: start.unwrap_or(StateID::ZERO),
            stays,
            idle,
        }
    }

    /// The entry of the char with code point `cp` (a valid one).
    #[inline(always)]
    fn get_code(&self, symbols: &Symbols, cp: u32) -> u16 {
        match self.entries.get(cp as usize) {
            Some(&e) => e,
            None => char::from_u32(cp).map_or(WHOLE, |c| entry(symbols, c)),
        }
    }

    /// The symbol and negation flags of `c` as a normalised char.
    #[inline(always)]
    fn normal(&self, symbols: &Symbols, c: char) -> u16 {
        match self.normal.get(c as usize) {
            Some(&e) => e,
            None => normal(symbols, c),
        }
    }

    /// The entry of `c`, worked out when it is beyond the BMP.
    #[inline(always)]
    fn get(&self, symbols: &Symbols, c: char) -> u16 {
        match self.entries.get(c as usize) {
            Some(&e) => e,
            None => entry(symbols, c),
        }
    }
}

/// The table entry of `c`.
fn entry(symbols: &Symbols, c: char) -> u16 {
    let (step, in_phrase, witness) = normalize::step_of(c);
    let mut e = match step {
        Step::To(f) => u16::from(symbols.symbol(f)) | negation_flags(f),
        Step::Drop => DROP,
        Step::Slow => SLOW,
        Step::WholeText => WHOLE,
    };
    if in_phrase {
        e |= IN_PHRASE;
    }
    if witness {
        e |= WITNESS | IN_PHRASE;
    }
    e
}

/// The symbol and the [`NEGATOR`] and [`TAIL`] flags of a normalised char.
fn normal(symbols: &Symbols, c: char) -> u16 {
    u16::from(symbols.symbol(c)) | negation_flags(c)
}

/// The [`NEGATOR`] and [`TAIL`] flags of a normalised char.
fn negation_flags(c: char) -> u16 {
    let mut flags = 0;
    if starts_negator(c) {
        flags |= NEGATOR;
    }
    if ends_negation_word(c) {
        flags |= TAIL;
    }
    flags
}

/// What the fused search found in a text, and the buffers it reuses.
#[derive(Debug, Default)]
pub struct Found {
    /// Every occurrence, as [`Matcher::occurrences_into`] gives them (gapped phrases'
    /// segments not yet joined).
    pub occ: Vec<Occurrence>,
    /// Sorted positions (normalised chars) of the chars that start a negator.
    pub negators: Vec<u32>,
    /// Sorted positions of the chars that end a negator or a filler.
    pub tails: Vec<u32>,
    /// Where each part begins, in chars of the joined raw text (empty for one part).
    pub starts: Vec<u32>,
    /// (normalised char, raw char it came from) for the first and last char of every
    /// occurrence, sorted.
    marks: Vec<(u32, u32)>,
    /// The raw origin of the last normalised chars, at `index % ring.len()`.
    ring: Vec<u32>,
    /// A run of phrase chars, normalised by the exact fold.
    run: Normalized,
}

impl Found {
    /// The raw char span (`[first origin, last origin + 1)`) of the occurrence at
    /// normalised chars `[start, end)`, as [`super::original_span`] gives it.
    pub fn original_span(&self, start: u32, end: u32) -> (u32, u32) {
        let origin = |i: u32| {
            let at = self.marks.partition_point(|&(n, _)| n < i);
            self.marks
                .get(at)
                .filter(|&&(n, _)| n == i)
                .map_or(0, |&(_, o)| o)
        };
        if start >= end {
            let o = origin(start);
            return (o, o);
        }
        let first = origin(start);
        (first, origin(end - 1).saturating_add(1).max(first))
    }
}

/// The least length of the ring of origins.
const RING: usize = 256;

/// The fused search gave up on a text: only the exact path gives its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WholeText;

/// Chars that every pattern of a matcher holds one of (its anchors, e.g. the least
/// common char of each), by symbol: a walk given them skips what cannot matter (see
/// [`Walk::jump`]). Built by [`Matcher::anchors`].
#[derive(Debug, Clone)]
pub struct Anchors {
    /// What each BMP char does in a jump, two bits a char (16 KiB, which stays in
    /// the nearest cache): [`SCAN_DROP`], [`SCAN_PLAIN`] or [`SCAN_STOP`].
    scan: Box<[u64; SCAN_WORDS]>,
    /// The same for each ASCII char, a byte each.
    ascii: [u8; 128],
    /// How many chars that do not vanish a jump lands before an anchor (see
    /// [`Walk::jump`]).
    lead: usize,
}

/// The bytes beyond a stop where the walk tries again after a jump not taken (see
/// [`Walk::missed`]).
const MIN_JUMP: usize = 32;

/// The fewest chars a jump skips.
const MIN_SKIP: usize = 16;

/// After this many jumps not taken in a row, a conversation is walked char by char.
const MAX_MISSES: u32 = 6;

/// Whether most of the first bytes of `text` are not ASCII.
fn mostly_wide(text: &[u8]) -> bool {
    let sample = text.get(..64).unwrap_or(text);
    let wide = sample.iter().filter(|&&b| b >= 0x80).count();
    wide * 2 > sample.len()
}

/// [`Anchors::scan`]: the char vanishes.
const SCAN_DROP: u8 = 0;
/// [`Anchors::scan`]: the char is one normalised char, not an anchor.
const SCAN_PLAIN: u8 = 1;
/// [`Anchors::scan`]: the char may make an anchor (a source of one), or needs the walk.
const SCAN_STOP: u8 = 2;

impl Anchors {
    /// The fewest chars a jump looks up before it is worth taking: it goes back
    /// over `lead` of them, to walk them again, and must skip as many. A char looked
    /// up costs about a third of one walked (two at a time in a run of Chinese
    /// chars, see [`Anchors::scan_wide`]), so a jump that skips as many chars as it
    /// goes back over already saves: on 30% Traditional text, twice `lead` rather
    /// than four times makes `grade` 1–2% faster, and no slower elsewhere.
    fn least_scan(&self) -> usize {
        (2 * self.lead).max(self.lead + MIN_SKIP)
    }

    /// What the char with code point `cp` does in a jump.
    #[inline(always)]
    fn scan(&self, cp: u32) -> u8 {
        if cp < 0x1_0000 {
            scan_bmp(&self.scan, cp as usize) as u8
        } else {
            SCAN_STOP
        }
    }

    /// Goes over the run of three-byte chars (Chinese text) of `bytes` from byte
    /// `at`, up to the first one that stops a jump: returns the byte it stopped at
    /// (where a char that is not of three bytes, or a stop, begins, or where fewer
    /// than three bytes are left), and the normalised chars and the chars gone over.
    ///
    /// Two chars a round, with no bounds check on the table: a three-byte char's code
    /// point is below 0x10000, so its word is always in it.
    #[inline(always)]
    fn scan_wide(&self, bytes: &[u8], at: usize) -> (usize, u32, u32) {
        let scan: &[u64; SCAN_WORDS] = &self.scan;
        let class = |b0: u8, b1: u8, b2: u8| {
            let cp = (usize::from(b0 & 0x0F) << 12)
                | (usize::from(b1 & 0x3F) << 6)
                | usize::from(b2 & 0x3F);
            scan_bmp(scan, cp)
        };
        let wide = |b: u8| b & 0xF0 == 0xE0;
        let stop = u32::from(SCAN_STOP);
        let (mut here, mut n, mut o) = (at, 0, 0);
        while let Some(&[b0, b1, b2, c0, c1, c2]) = bytes.get(here..here + 6) {
            if !wide(b0) {
                return (here, n, o);
            }
            let first = class(b0, b1, b2);
            if first == stop {
                return (here, n, o);
            }
            if !wide(c0) {
                return (here + 3, n + first, o + 1);
            }
            let second = class(c0, c1, c2);
            if second == stop {
                return (here + 3, n + first, o + 1);
            }
            n += first + second;
            o += 2;
            here += 6;
        }
        if let Some(&[b0, b1, b2]) = bytes.get(here..here + 3)
            && wide(b0)
        {
            let first = class(b0, b1, b2);
            if first != stop {
                return (here + 3, n + first, o + 1);
            }
        }
        (here, n, o)
    }
}

/// The words of [`Anchors::scan`]: two bits for each BMP char.
const SCAN_WORDS: usize = 0x10000 / 32;

/// What the BMP char with code point `cp` does in a jump, from the two bits `scan`
/// holds for it; no bounds check: its word is always in the table.
#[inline(always)]
fn scan_bmp(scan: &[u64; SCAN_WORDS], cp: usize) -> u32 {
    ((scan[(cp >> 5) & (SCAN_WORDS - 1)] >> ((cp & 31) * 2)) & 3) as u32
}

/// What a raw char's entry makes a jump stop at: a char that becomes several or
/// needs NFKC. A witness does not (see [`Walk::jump`]).
const SCAN_STOPS: u16 = SLOW | WHOLE;

impl Matcher {
    /// The anchors `chars` (normalised chars) for the fused search; `None` when some
    /// pattern holds none of them, or the matcher has no symbol automaton. `negation`:
    /// whether [`Found::negators`] and [`Found::tails`] must hold every negation word
    /// within the negation reach before an occurrence (otherwise they may hold none).
    pub fn anchors(&self, chars: &[char], negation: bool) -> Option<Anchors> {
        let symbols = self.symbols.as_ref()?;
        let table = symbols.fused.get_or_init(|| Table::new(symbols));
        let mut symbol = [false; 256];
        for &c in chars {
            let s = symbols.symbol(c);
            if s != 0 {
                symbol[usize::from(s)] = true;
            }
        }
        let held = |p: &String| p.chars().any(|c| symbol[usize::from(symbols.symbol(c))]);
        if !self.patterns().iter().all(held) {
            return None;
        }
        // Every char an anchor can come from, on its own or as the first char of an
        // OpenCC phrase whose Simplified form holds it.
        let targets = chars.iter().copied().collect();
        let found = normalize::sources(&targets);
        if chars.iter().any(|c| !found.contains_key(c)) {
            return None;
        }
        let mut source = vec![false; 0x1_0000];
        for &c in found.values().flatten() {
            if let Some(slot) = source.get_mut(c as usize) {
                *slot = true;
            }
        }
        let class = |cp: usize, e: u16| {
            if e & SCAN_STOPS != 0
                || symbol[usize::from(e as u8)]
                || source.get(cp).is_none_or(|&s| s)
            {
                SCAN_STOP
            } else if e & DROP != 0 {
                SCAN_DROP
            } else {
                SCAN_PLAIN
            }
        };
        let mut scan = Box::new([0u64; SCAN_WORDS]);
        for (cp, &e) in table.entries.iter().enumerate() {
            if let Some(word) = scan.get_mut(cp >> 5) {
                *word |= u64::from(class(cp, e)) << ((cp & 31) * 2);
            }
        }
        let mut ascii = [SCAN_STOP; 128];
        for (cp, (slot, &e)) in ascii.iter_mut().zip(&table.entries[..128]).enumerate() {
            *slot = class(cp, e);
        }
        let longest = symbols.dfa.max_pattern_len();
        let lead = if negation {
            longest + negation_reach()
        } else {
            longest
        };
        Some(Anchors { scan, ascii, lead })
    }
}

/// Where a run of phrase chars began: everything to undo if it holds a witness.
#[derive(Debug, Default, Clone, Copy)]
struct Mark {
    byte: usize,
    index: u32,
    sid: Option<StateID>,
    norm: u32,
    occ: usize,
    negators: usize,
    tails: usize,
    marks: usize,
}

/// The automaton's walk over the normalised text.
struct Walk<'m> {
    matcher: &'m Matcher,
    symbols: &'m Symbols,
    table: &'m Table,
    sid: StateID,
    /// Normalised chars fed so far.
    norm: u32,
    mask: usize,
    /// The longest pattern, in chars.
    longest: usize,
    /// The anchors the walk jumps by (see [`Walk::jump`]).
    anchors: Option<&'m Anchors>,
    /// The byte of the part being walked from which a jump is tried again
    /// (`usize::MAX`: never).
    next_try: usize,
    /// Jumps not taken in a row.
    misses: u32,
}

impl Walk<'_> {
    /// Feeds the normalised char with symbol `symbol`, which came from raw char `origin`.
    #[inline(always)]
    fn feed(&mut self, found: &mut Found, symbol: u8, origin: u32) {
        let dfa = &self.symbols.dfa;
        if let Some(slot) = found.ring.get_mut(self.norm as usize & self.mask) {
            *slot = origin;
        }
        self.sid = dfa.next_state(Anchored::No, self.sid, symbol);
        self.norm += 1;
        if dfa.is_match(self.sid) {
            self.matched(found, origin);
        }
    }

    /// Records the occurrences ending at the char just fed.
    #[cold]
    fn matched(&mut self, found: &mut Found, origin: u32) {
        let dfa = &self.symbols.dfa;
        let end = self.norm;
        for i in 0..dfa.match_len(self.sid) {
            let pattern = dfa.match_pattern(self.sid, i);
            let start = end.saturating_sub(to_u32(dfa.pattern_len(pattern)));
            let first = found
                .ring
                .get(start as usize & self.mask)
                .copied()
                .unwrap_or(0);
            self.matcher
                .push(&mut found.occ, pattern.as_usize(), start, end);
            found.marks.push((start, first));
            found.marks.push((end - 1, origin));
        }
    }

    /// Feeds a normalised char that did not come from the table.
    fn feed_char(&mut self, found: &mut Found, c: char, origin: u32) {
        let e = self.table.normal(self.symbols, c);
        self.feed_flagged(found, e as u8, e, origin);
    }

    /// Feeds a normalised char, noting where it starts or ends a negation word.
    #[inline(always)]
    fn feed_flagged(&mut self, found: &mut Found, symbol: u8, flags: u16, origin: u32) {
        if flags & NEGATOR != 0 {
            found.negators.push(self.norm);
        }
        if flags & TAIL != 0 {
            found.tails.push(self.norm);
        }
        self.feed(found, symbol, origin);
    }

    fn mark(&self, found: &Found, byte: usize, index: u32) -> Mark {
        Mark {
            byte,
            index,
            sid: Some(self.sid),
            norm: self.norm,
            occ: found.occ.len(),
            negators: found.negators.len(),
            tails: found.tails.len(),
            marks: found.marks.len(),
        }
    }

    fn undo(&mut self, found: &mut Found, mark: &Mark) {
        if let Some(sid) = mark.sid {
            self.sid = sid;
        }
        self.norm = mark.norm;
        found.occ.truncate(mark.occ);
        found.negators.truncate(mark.negators);
        found.tails.truncate(mark.tails);
        found.marks.truncate(mark.marks);
    }
}

impl Matcher {
    /// Normalises and matches the text made of `parts` (one part as it is, several
    /// each followed by `separator`) in one pass, into `found`: the occurrences of
    /// [`Matcher::occurrences_into`] on [`normalize::normalize_mapped`] of that text,
    /// except that gapped phrases' segments are left as they are. `Err` when the text
    /// needs the exact path, or these phrases have no symbol automaton.
    pub fn find_fused<'a>(
        &self,
        mut parts: impl ExactSizeIterator<Item = &'a str>,
        separator: char,
        anchors: Option<&Anchors>,
        found: &mut Found,
    ) -> Result<(), WholeText> {
        let Found {
            occ,
            negators,
            tails,
            starts,
            marks,
            ..
        } = found;
        occ.clear();
        negators.clear();
        tails.clear();
        starts.clear();
        marks.clear();
        let symbols = self.symbols.as_ref().ok_or(WholeText)?;
        let table = symbols.fused.get_or_init(|| Table::new(symbols));
        let dfa = &symbols.dfa;
        let sid = dfa.start_state(Anchored::No).map_err(|_| WholeText)?;
        // Room for the longest pattern, and for going back over a run of phrase chars
        // or a stretch walked in vain (see [`Walk::can_go_back`]).
        let ring = (dfa.max_pattern_len() + 1).next_power_of_two().max(RING);
        // Left as the last text left it: a slot is read only for the first char of
        // an occurrence, which this walk has written.
        found.ring.resize(ring, 0);
        let mut walk = Walk {
            matcher: self,
            symbols,
            table,
            sid,
            norm: 0,
            mask: ring - 1,
            longest: dfa.max_pattern_len(),
            anchors,
            next_try: usize::MAX,
            misses: 0,
        };
        let mut index = 0;
        if parts.len() == 1 {
            // A lone ASCII text is folded without looking for phrases.
            let one = parts.next().unwrap_or_default();
            let phrases = !table.ascii_in_phrase || !one.is_ascii();
            walk.part(found, one, &mut index, phrases, true)?;
        } else {
            // A separator in an OpenCC phrase would join the parts' phrase runs.
            if table.get(symbols, separator) & IN_PHRASE != 0 {
                return Err(WholeText);
            }
            let mut buf = [0; 4];
            let separator: &str = separator.encode_utf8(&mut buf);
            for part in parts {
                found.starts.push(index);
                walk.part(found, part, &mut index, true, true)?;
                walk.part(found, separator, &mut index, true, false)?;
            }
        }
        found.marks.sort_unstable();
        found.marks.dedup();
        sort_occurrences(&mut found.occ);
        Ok(())
    }
}

impl Walk<'_> {
    /// Feeds the chars of `text` from byte `*at` on while each is the usual kind (one
    /// normalised char, in no OpenCC phrase, no negation word, or a char that
    /// vanishes), advancing `index`; returns the first char of another kind, with its
    /// byte offset and entry, `*at` then just after it, or `None` at the end. The state
    /// is kept in locals here: this loop is where nearly all the time goes. While the
    /// automaton is in its start state, a char that leaves it there costs no step:
    /// only the raw and normalised counts move (a run of such ASCII chars in a tight
    /// loop of its own). `JUMPS`: whether the walk jumps there (see [`Walk::jump`];
    /// without, the loop is the one it has always been).
    #[inline(always)]
    fn plain_run<const JUMPS: bool>(
        &mut self,
        found: &mut Found,
        text: &str,
        at: &mut usize,
        index: &mut u32,
        phrases: Phrases,
        safe: &mut Safe,
    ) -> Option<(usize, char, u16)> {
        let ignored = match phrases {
            Phrases::Ignored => IN_PHRASE | WITNESS,
            Phrases::Absent => IN_PHRASE,
            Phrases::Tracked => 0,
        };
        let dfa = &self.symbols.dfa;
        let table = self.table;
        let bytes = text.as_bytes();
        let mut sid = self.sid;
        let mut norm = self.norm;
        let mut origin = *index;
        let mut here = *at;
        let mut next_try = match phrases {
            Phrases::Tracked => usize::MAX,
            _ => self.next_try,
        };
        let stop = loop {
            if sid == table.start {
                if JUMPS && here >= next_try {
                    here = self.jump(bytes, here, &mut norm, &mut origin, safe);
                    next_try = self.next_try;
                }
                let from = here;
                while let Some(&b) = bytes.get(here) {
                    let idle = table.idle[usize::from(b)];
                    if idle == IDLE_STOP {
                        break;
                    }
                    norm += u32::from(idle);
                    here += 1;
                }
                if here > from {
                    origin += to_u32(here - from);
                    *safe = Safe {
                        byte: here,
                        index: origin,
                        sid,
                        norm,
                    };
                }
            }
            let Some((cp, len)) = decode(bytes, here) else {
                break None;
            };
            let raw = table.get_code(self.symbols, cp);
            let e = raw & !ignored;
            let next = here + len;
            if e >= PLAIN_END {
                if e == DROP {
                    here = next;
                    origin += 1;
                    if raw == DROP {
                        *safe = Safe {
                            byte: here,
                            index: origin,
                            sid,
                            norm,
                        };
                    }
                    continue;
                }
                if e & !(NEGATOR | TAIL) >= PLAIN_END {
                    let c = char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER);
                    *at = next;
                    break Some((here, c, e));
                }
                if e & NEGATOR != 0 {
                    found.negators.push(norm);
                }
                if e & TAIL != 0 {
                    found.tails.push(norm);
                }
            }
            here = next;
            if sid == table.start && table.stays[usize::from(e as u8)] {
                norm += 1;
                origin += 1;
                continue;
            }
            if let Some(slot) = found.ring.get_mut(norm as usize & self.mask) {
                *slot = origin;
            }
            sid = dfa.next_state(Anchored::No, sid, e as u8);
            norm += 1;
            if dfa.is_special(sid) && dfa.is_match(sid) {
                self.sid = sid;
                self.norm = norm;
                self.matched(found, origin);
            }
            origin += 1;
        };
        if stop.is_none() {
            *at = here;
        }
        self.sid = sid;
        self.norm = norm;
        *index = origin;
        stop
    }

    /// Feeds the normalisation of `text`, whose first char has raw index `*index`,
    /// which it leaves after its last char. `phrases`: convert OpenCC phrases.
    ///
    /// Most runs of OpenCC phrase chars hold no witness, and then they convert char by
    /// char: the walk goes on without keeping track of runs, noting only the last
    /// place no run spans (after a char that vanishes, or a run of ASCII chars). When a
    /// witness turns up, it goes back to that place and walks on keeping track of runs
    /// until the witness's run is converted, then goes on as before.
    fn part(
        &mut self,
        found: &mut Found,
        text: &str,
        index: &mut u32,
        phrases: bool,
        jumps: bool,
    ) -> Result<(), WholeText> {
        // Jumps pay where the walk is slow: over chars that are not ASCII (it skips
        // ASCII about as fast as a jump looks chars up), in a text long enough for
        // one worth taking (a Chinese char has three bytes), in a conversation where
        // they have not been missing.
        match self.anchors {
            Some(a)
                if jumps
                    && self.misses < MAX_MISSES
                    && text.len() >= 3 * a.least_scan()
                    && mostly_wide(text.as_bytes()) =>
            {
                self.next_try = 0;
                self.walk_part::<true>(found, text, index, phrases)
            }
            _ => self.walk_part::<false>(found, text, index, phrases),
        }
    }

    /// [`Walk::part`], with jumps or without (the walk it has always been).
    fn walk_part<const JUMPS: bool>(
        &mut self,
        found: &mut Found,
        text: &str,
        index: &mut u32,
        phrases: bool,
    ) -> Result<(), WholeText> {
        let table = self.table;
        let hopeful = if phrases {
            Phrases::Absent
        } else {
            Phrases::Ignored
        };
        let mut mode = hopeful;
        let mut safe = Safe {
            byte: 0,
            index: *index,
            sid: self.sid,
            norm: self.norm,
        };
        // The byte after the last phrase char met, and where its run began.
        let mut phrase_end = usize::MAX;
        let mut run = Mark::default();
        let mut at = 0;
        while let Some((byte, c, e)) =
            self.plain_run::<JUMPS>(found, text, &mut at, index, mode, &mut safe)
        {
            if mode == Phrases::Absent && e & WITNESS != 0 {
                if !self.can_go_back(safe.norm, safe.sid) {
                    return Err(WholeText);
                }
                self.rewind(found, &safe);
                at = safe.byte;
                *index = safe.index;
                mode = Phrases::Tracked;
                phrase_end = usize::MAX;
                continue;
            }
            if mode == Phrases::Tracked && e & IN_PHRASE != 0 {
                if byte != phrase_end {
                    run = self.mark(found, byte, *index);
                }
                phrase_end = byte + c.len_utf8();
                if e & WITNESS != 0 {
                    // The run, from its first char to the last phrase char after
                    // the witness, converted phrases first.
                    if !self.can_go_back(run.norm, run.sid.unwrap_or(table.start)) {
                        return Err(WholeText);
                    }
                    self.undo(found, &run);
                    let end = text[byte..]
                        .char_indices()
                        .find(|&(_, c)| table.get(self.symbols, c) & IN_PHRASE == 0)
                        .map_or(text.len(), |(i, _)| byte + i);
                    let mut hot = std::mem::take(&mut found.run);
                    let after = normalize::fold_phrase_run(
                        text,
                        run.byte..end,
                        run.index as usize,
                        &mut hot,
                    );
                    for (c, &origin) in hot.text.chars().zip(&hot.origin) {
                        self.feed_char(found, c, origin);
                    }
                    found.run = hot;
                    *index = to_u32(after.ok_or(WholeText)?);
                    at = end;
                    phrase_end = usize::MAX;
                    // No run spans the end of this one: from there on, runs need
                    // no tracking again.
                    mode = hopeful;
                    safe = Safe {
                        byte: at,
                        index: *index,
                        sid: self.sid,
                        norm: self.norm,
                    };
                    continue;
                }
            }
            match e & !(IN_PHRASE | WITNESS) {
                DROP => {}
                SLOW => normalize::fold_slow(c, |f| self.feed_char(found, f, *index)),
                e if e & WHOLE != 0 => return Err(WholeText),
                e => self.feed_flagged(found, e as u8, e, *index),
            }
            *index += 1;
        }
        Ok(())
    }
}

/// A place in a text that no run of OpenCC phrase chars spans, and the walk's state
/// there: a walk that kept track of runs from there on would find what one from the
/// start of the text finds, as long as the origins of the chars just before it are
/// still in the ring (see [`Walk::can_go_back`]).
#[derive(Debug, Clone, Copy)]
struct Safe {
    byte: usize,
    index: u32,
    sid: StateID,
    norm: u32,
}

impl Walk<'_> {
    /// Whether the walk can go back to normalised char `norm`, where the automaton
    /// was in state `sid`: the origins of the chars an occurrence found from there
    /// on may begin with must still be in the ring. Every char since may have
    /// overwritten one; none begins before `norm` when `sid` is the start state.
    fn can_go_back(&self, norm: u32, sid: StateID) -> bool {
        // An occurrence that ends after `norm` begins at `norm + 1 - longest` or
        // after; the slot of that char was overwritten if the walk has been as far
        // as a ring's length beyond it.
        sid == self.table.start
            || self.norm as usize + self.longest <= norm as usize + self.mask + 2
    }

    /// Goes back to the state at `safe`: everything found since is dropped (it all
    /// lies at or after `safe.norm`, in the order it was found).
    fn rewind(&mut self, found: &mut Found, safe: &Safe) {
        let n = safe.norm;
        self.sid = safe.sid;
        self.norm = n;
        while found.occ.last().is_some_and(|o| o.end > n) {
            found.occ.pop();
        }
        while found.negators.last().is_some_and(|&p| p >= n) {
            found.negators.pop();
        }
        while found.tails.last().is_some_and(|&p| p >= n) {
            found.tails.pop();
        }
        // Two marks per occurrence, its last char's second.
        while let [.., _, (last, _)] = found.marks[..]
            && last >= n
        {
            found.marks.truncate(found.marks.len() - 2);
        }
    }
}

impl Walk<'_> {
    /// Jumps from byte `at` of `bytes`, where the automaton is in its start state and
    /// no run of phrase chars is tracked, over what cannot matter; returns the byte it
    /// lands on (`at` when it does not jump), with `norm` and `origin` moved on.
    ///
    /// It looks up each char from `at` on, counting them (raw and normalised), until
    /// one that needs the walk, at `h`: a source of an anchor (a char that folds into
    /// one, or the first char of an OpenCC phrase whose Simplified form holds one that
    /// the phrase's char in its place does not make alone: see
    /// [`normalize::sources`]), a
    /// char that becomes several or needs NFKC, or a witness in the run of phrase
    /// chars that reaches `at` (the walk went through its start char by char). The
    /// chars before `h` make no anchor, whether their runs are converted char by char
    /// or by phrases (a run with a witness), and keep their count either way (every
    /// OpenCC phrase keeps its length); none spans an occurrence that ends after `at`
    /// (none spans `at`, in the start state): so every occurrence found from there on
    /// holds an anchor made from `h` or after, or from the run of phrase chars that
    /// `h` is in, whichever way that run is converted. The walk lands
    /// [`Anchors::lead`] chars that do not vanish before that run: an occurrence
    /// begins at most `longest - 1` chars before its anchor, and a negator that
    /// matters to it lies within the negation reach before it, so none begins, no
    /// negation word that matters lies, and no occurrence spans, before the landing.
    /// If the run of phrase chars the landing is in holds a witness before it, a
    /// phrase could convert the chars after the landing otherwise than one by one:
    /// the walk then lands at the start of that run. The automaton's start state
    /// there finds what the walk would have found. A witness makes the walk go back,
    /// to the last place after a char in no OpenCC phrase: the one before the
    /// landing is noted.
    #[inline(never)]
    fn jump(
        &mut self,
        bytes: &[u8],
        at: usize,
        norm: &mut u32,
        origin: &mut u32,
        safe: &mut Safe,
    ) -> usize {
        let Some(anchors) = self.anchors else {
            self.next_try = usize::MAX;
            return at;
        };
        // Too few chars left (a char has a byte at least) for a jump worth taking.
        if bytes.len() - at.min(bytes.len()) < anchors.least_scan() {
            self.next_try = usize::MAX;
            return at;
        }
        let table = self.table;
        let entry =
            |i: usize| decode(bytes, i).map_or(WHOLE, |(cp, _)| table.get_code(self.symbols, cp));
        let (mut here, mut n, mut o) = (at, *norm, *origin);
        // The run of phrase chars that reaches `at` from before it was walked char
        // by char: a phrase begun before `at` may convert the chars after it
        // otherwise, so a witness in that run stops the jump.
        let mut reaching = at > 0 && entry(char_before(bytes, at)) & IN_PHRASE != 0;
        while reaching && let Some((cp, len)) = decode(bytes, here) {
            let e = table.get_code(self.symbols, cp);
            if e & IN_PHRASE == 0 {
                reaching = false;
                break;
            }
            let scan = anchors.scan(cp);
            if e & WITNESS != 0 || scan == SCAN_STOP {
                break;
            }
            n += u32::from(scan);
            o += 1;
            here += len;
        }
        while let Some(&b) = bytes.get(here).filter(|_| !reaching) {
            // A run of three-byte chars (Chinese text) in a loop of its own, with no
            // general decoding.
            if b & 0xF0 == 0xE0 {
                let (to, wide_n, wide_o) = anchors.scan_wide(bytes, here);
                here = to;
                n += wide_n;
                o += wide_o;
                if bytes.get(here).is_some_and(|&b| b & 0xF0 == 0xE0) {
                    // Stopped at a three-byte char (or one cut short at the end).
                    break;
                }
                continue;
            }
            if let Some(&scan) = anchors.ascii.get(usize::from(b)) {
                if scan == SCAN_STOP {
                    break;
                }
                n += u32::from(scan);
                o += 1;
                here += 1;
                continue;
            }
            let Some((cp, len)) = decode(bytes, here) else {
                break;
            };
            let scan = anchors.scan(cp);
            if scan == SCAN_STOP {
                break;
            }
            n += u32::from(scan);
            o += 1;
            here += len;
        }
        let stop = here;
        // A jump must skip more than it goes back over: where anchors lie close
        // together (a text dense with phrases), the walk goes on char by char, and
        // tries again further on each time.
        let scanned = (o - *origin) as usize;
        if scanned < anchors.least_scan() {
            self.missed(stop);
            return at;
        }
        self.next_try = stop + 1;
        // One char back: its entry, `here`, `n` and `o` moved back over it.
        let back = |here: &mut usize, n: &mut u32, o: &mut u32| {
            let prev = char_before(bytes, *here);
            let e = entry(prev);
            *n -= u32::from(e & DROP == 0);
            *o -= 1;
            *here = prev;
            e
        };
        // Back to the start of the run of phrase chars `stop` is in, then `lead` chars
        // that do not vanish further. The end of the text counts as a stop: a negator
        // near the end of one part may be within reach of a phrase in the next.
        if stop < bytes.len() && entry(stop) & IN_PHRASE != 0 {
            while here > at && entry(char_before(bytes, here)) & IN_PHRASE != 0 {
                back(&mut here, &mut n, &mut o);
            }
        }
        let mut count = 0;
        while count < anchors.lead {
            if here <= at {
                self.missed(stop);
                return at;
            }
            count += usize::from(back(&mut here, &mut n, &mut o) & DROP == 0);
        }
        // The last place at or before the landing after a char in no OpenCC phrase:
        // the start of the run of phrase chars the landing is in, where a witness
        // makes the walk go back to. A witness skipped in that run (the jump passes
        // witnesses) may make a phrase convert the chars after the landing otherwise
        // than one by one: then the walk lands there. Runs skipped whole do not
        // matter: no anchor comes out of them (a phrase that makes one begins with a
        // source of it, where the jump stops), and each keeps its length, so the
        // counts stay exact.
        let land = (here, n, o);
        let mut witness = false;
        let mut start = None;
        while here > at {
            let e = entry(char_before(bytes, here));
            if e & IN_PHRASE == 0 {
                start = Some((here, n, o));
                break;
            }
            witness |= e & WITNESS != 0;
            back(&mut here, &mut n, &mut o);
        }
        if let Some((byte, norm, index)) = start {
            *safe = Safe {
                byte,
                index,
                sid: table.start,
                norm,
            };
        }
        let land = match (witness, start) {
            (false, _) => land,
            (true, Some(start)) => start,
            (true, None) => {
                self.missed(stop);
                return at;
            }
        };
        (here, *norm, *origin) = land;
        self.misses = 0;
        here
    }

    /// Notes a jump not taken towards a stop at byte `stop`: the next is tried a
    /// little beyond it, twice as far after each miss in a row, and after
    /// [`MAX_MISSES`] of them, no more in this conversation.
    #[cold]
    fn missed(&mut self, stop: usize) {
        self.misses += 1;
        self.next_try = if self.misses >= MAX_MISSES {
            usize::MAX
        } else {
            stop + 1 + (MIN_JUMP << self.misses)
        };
    }
}

/// Where the char that ends just before byte `at` (a char boundary, not 0) starts.
#[inline(always)]
fn char_before(bytes: &[u8], at: usize) -> usize {
    let mut i = at.saturating_sub(1);
    while i > 0 && bytes.get(i).is_some_and(|&b| b & 0xC0 == 0x80) {
        i -= 1;
    }
    i
}

/// How a walk over a text treats OpenCC phrase chars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phrases {
    /// Each is folded alone (a lone ASCII text, which the fold does not search for
    /// phrases).
    Ignored,
    /// Each is folded alone, on the assumption that no run of them holds a witness:
    /// the walk stops at the first witness.
    Absent,
    /// Their runs are noted, and one that holds a witness is converted phrases first.
    Tracked,
}

/// The code point of the char that starts at `bytes[at]` (valid UTF-8) and its
/// length in bytes; `None` at the end.
#[inline(always)]
fn decode(bytes: &[u8], at: usize) -> Option<(u32, usize)> {
    let lead = u32::from(*bytes.get(at)?);
    // Three bytes, as Chinese chars are, first and with one bounds check.
    if (0xE0..0xF0).contains(&lead)
        && let Some(&[_, b1, b2]) = bytes.get(at..at + 3)
    {
        let code = ((lead & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
        return Some((code, 3));
    }
    let next = |i: usize| u32::from(bytes.get(at + i).map_or(0, |b| b & 0x3F));
    Some(if lead < 0x80 {
        (lead, 1)
    } else if lead < 0xE0 {
        (((lead & 0x1F) << 6) | next(1), 2)
    } else if lead < 0xF0 {
        (((lead & 0x0F) << 12) | (next(1) << 6) | next(2), 3)
    } else {
        (
            ((lead & 0x07) << 18) | (next(1) << 12) | (next(2) << 6) | next(3),
            4,
        )
    })
}

#[cfg(test)]
mod tests;
