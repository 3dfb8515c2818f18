//! The pure core of `grade`: [`Rules`] compiled into one automaton (as
//! [`crate::scoring`] does for a scenario), and one conversation — a text or the
//! agent's turns — graded into a [`Verdict`] with every banned hit mapped back to
//! char offsets in the text it was found in. No I/O here.

use std::sync::OnceLock;

use crate::scenario::model::ConversationRule;
use crate::text::clause::{Context, may_be_negated};
use crate::text::matcher::{self, Anchors, BanRules, Found, Matcher, Occurrence};
use crate::text::normalize::{Normalized, normalize_joined_into, normalize_mapped_into};

use super::prefilter::{Cursor, Prefilter};
use super::rules::Rules;

/// What a phrase id of the automaton stands for. Each phrase written in the rules gets
/// its own id, so one id has one role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    /// The phrase of banned group `g`.
    Banned(usize),
    /// An alternative of required item `i`.
    Required(usize),
    /// Only looked up through its group or rule (`except`, `mentions`).
    Other,
}

/// Joins the parts of a conversation.
pub const SEPARATOR: char = crate::text::clause::PART_SEPARATOR;

/// A banned phrase as written, with every rules item that bans it: a scenario may ban
/// one phrase in several steps with different `except` lists, and a hit of any counts.
struct Group {
    items: Vec<(u32, Vec<u32>, BanRules)>,
}

/// Normalises a conversation's parts into `out`: a single part as it is, several
/// joined with [`SEPARATOR`] after each; `starts` gets where each of several parts
/// begins, in chars of the joined text, and is empty otherwise.
fn normalize_parts(parts: &[Part<'_>], out: &mut Normalized, starts: &mut Vec<u32>) {
    let text = match parts {
        [] => "",
        [one] => one.text,
        many => {
            let texts = many.iter().map(|p| p.text);
            normalize_joined_into(texts, SEPARATOR, out, starts);
            return;
        }
    };
    starts.clear();
    normalize_mapped_into(text, out);
}

/// Buffers one worker reuses from one conversation to the next.
#[derive(Debug, Default)]
pub struct Scratch {
    normalized: Normalized,
    occ: Vec<Occurrence>,
    starts: Vec<u32>,
    found: Found,
    met: Vec<bool>,
}

/// Rules compiled for one-pass matching. Shared by all worker threads.
pub struct Grader<'r> {
    rules: &'r Rules,
    matcher: Matcher,
    roles: Vec<Role>,
    /// Distinct banned phrases, in rules order; [`BannedResult::group`] indexes this.
    groups: Vec<Group>,
    names: Vec<&'r str>,
    mentions: Vec<Vec<u32>>,
    /// The rules' context condition, compiled; `None` when they always apply.
    when: Option<Matcher>,
    /// Proves most lines without a phrase free of phrases from their raw bytes;
    /// `None` when it cannot be built for these phrases.
    prefilter: Option<Prefilter>,
    /// The prefilter's anchor chars when the fused pass may jump (see `anchors`).
    anchor_chars: Option<Vec<char>>,
    /// The prefilter's anchors, by which the fused pass skips the stretches of a
    /// text that cannot matter; `None` without them. Built by the first worker to
    /// grade a candidate (it builds the fused pass's char table too, a millisecond),
    /// while the other goes on with lines the prefilter rules out, rather than
    /// before any line is read.
    anchors: OnceLock<Option<Anchors>>,
    /// Whether a conversation is first normalised and matched in one pass
    /// ([`Matcher::find_fused`]); the exact path decides what that pass cannot.
    fused: bool,
}

/// A span `[start, end)` in chars of the graded text; `turn` is the index of the turn
/// (in the input's `turns`, customer turns included) for turn-by-turn input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub turn: Option<u32>,
    pub start: u32,
    pub end: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BannedResult<'r> {
    pub group: usize,
    /// As written in the rules.
    pub phrase: &'r str,
    pub hits: Vec<Hit>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleResult<'r> {
    pub phrases: &'r [String],
    pub at_least: u32,
    pub count: usize,
    pub met: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict<'r> {
    pub passed: bool,
    /// Banned phrases hit, in rules order.
    pub banned: Vec<BannedResult<'r>>,
    /// Labels of the required items never met.
    pub missing: Vec<&'r str>,
    pub conversation: Vec<RuleResult<'r>>,
}

/// One piece of text to grade: the whole conversation, or one agent turn.
#[derive(Debug, Clone, Copy)]
pub struct Part<'t> {
    pub turn: Option<u32>,
    pub text: &'t str,
}

impl<'r> Grader<'r> {
    pub fn new(rules: &'r Rules) -> Grader<'r> {
        let mut phrases: Vec<&'r str> = Vec::new();
        let mut roles: Vec<Role> = Vec::new();
        // One id per phrase and role: a concept's `except` list is shared by all its
        // phrases, and repeating it would multiply the occurrences.
        let mut seen: std::collections::HashMap<(&'r str, Role), u32> =
            std::collections::HashMap::new();
        let mut id = |p: &'r str, role: Role| {
            *seen.entry((p, role)).or_insert_with(|| {
                phrases.push(p);
                roles.push(role);
                (phrases.len() - 1) as u32
            })
        };
        let mut names: Vec<&'r str> = Vec::new();
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of: std::collections::HashMap<&'r str, usize> =
            std::collections::HashMap::new();
        for b in &rules.banned {
            let g = *group_of.entry(&b.phrase).or_insert_with(|| {
                names.push(&b.phrase);
                groups.push(Group { items: Vec::new() });
                groups.len() - 1
            });
            let phrase = id(&b.phrase, Role::Banned(g));
            let except = b.except.iter().map(|e| id(e, Role::Other)).collect();
            let rules = BanRules {
                unless_negated: b.unless_negated,
                clause: b.clause,
                alone: b.alone,
            };
            groups[g].items.push((phrase, except, rules));
        }
        for (i, r) in rules.required.iter().enumerate() {
            for alt in &r.any {
                id(alt, Role::Required(i));
            }
        }
        let mentions = rules
            .conversation
            .iter()
            .map(|ConversationRule::Mentions { phrases, .. }| {
                phrases.iter().map(|p| id(p, Role::Other)).collect()
            })
            .collect();
        let matcher = Matcher::new(phrases);
        let when =
            (!rules.when.is_empty()).then(|| Matcher::new(rules.when.iter().map(String::as_str)));
        let patterns = when.iter().chain([&matcher]).flat_map(|m| m.patterns());
        let prefilter = Prefilter::new(patterns.map(String::as_str));
        // Jumps only for rules without required phrases: the negation words before
        // one decide whether it is met, so a jump would land the negation reach
        // further back, and where that was measured (the manuals corpus) jumps cost
        // more than they saved.
        let anchor_chars = prefilter
            .as_ref()
            .filter(|_| rules.required.is_empty())
            .map(|p| p.anchors().to_vec());
        Grader {
            rules,
            matcher,
            roles,
            groups,
            names,
            mentions,
            when,
            prefilter,
            anchor_chars,
            anchors: OnceLock::new(),
            fused: true,
        }
    }

    /// The anchors of the fused pass's jumps, built the first time they are asked for.
    fn anchors(&self) -> &Option<Anchors> {
        self.anchors.get_or_init(|| {
            let chars = self.anchor_chars.as_deref()?;
            self.matcher.anchors(chars, false)
        })
    }

    /// The same grader without the fused pass: every conversation is normalised into
    /// a copy, then matched. Gives the same verdicts, more slowly.
    pub fn without_fused(mut self) -> Self {
        self.fused = false;
        self
    }

    /// The same grader without the raw-byte prefilter: every line is normalised and
    /// matched. Gives the same verdicts, more slowly.
    pub fn without_prefilter(mut self) -> Self {
        self.prefilter = None;
        self
    }

    /// Whether the raw JSON line `line` may hold a phrase once parsed and normalised;
    /// when not, [`Grader::nothing_found`] is its verdict.
    #[cfg(test)]
    pub fn may_match(&self, line: &[u8]) -> bool {
        self.may_match_in(line, 0, line.len(), &mut Cursor::default())
    }

    /// Whether the line `bytes[start..end]` of a block may hold a phrase: a raw form
    /// of an anchor ([`Grader::may_hold_form_in`]), or a `\u` escape, which can write
    /// any char (the pipeline leaves escapes to the line's reader).
    #[cfg(test)]
    pub fn may_match_in(
        &self,
        bytes: &[u8],
        start: usize,
        end: usize,
        cursor: &mut Cursor,
    ) -> bool {
        let line = bytes.get(start..end).unwrap_or_default();
        memchr::memmem::find(line, b"\\u").is_some()
            || self.may_hold_form_in(bytes, start, end, cursor)
    }

    /// Whether the line `bytes[start..end]` of a block holds a raw form of an anchor
    /// (see [`Prefilter::form_in`]); lines are asked in order, with one `cursor`.
    /// Escapes are left to the caller, which reads every line that has one in full.
    pub fn may_hold_form_in(
        &self,
        bytes: &[u8],
        start: usize,
        end: usize,
        cursor: &mut Cursor,
    ) -> bool {
        self.prefilter
            .as_ref()
            .is_none_or(|p| p.form_in(bytes, start, end, cursor))
    }

    /// The verdict for a conversation in which no phrase occurs: not applicable when
    /// the rules have a context condition, otherwise every required item missing and
    /// every conversation rule counted 0.
    pub fn nothing_found(&self) -> Verdict<'r> {
        if self.when.is_some() {
            return self.not_applicable();
        }
        let met = vec![false; self.rules.required.len()];
        self.verdict(Vec::new(), &met, self.conversation(&[]))
    }

    /// Whether the rules apply to a conversation whose every text (the customer's
    /// turns too) is `texts`: always, unless the rules have a context condition
    /// that none of the texts meets.
    pub fn applies<'t>(&self, mut texts: impl Iterator<Item = &'t str>) -> bool {
        match &self.when {
            None => true,
            Some(m) => texts.any(|t| !m.find(t).is_empty()),
        }
    }

    /// The verdict for a conversation the rules do not apply to: passed, nothing hit,
    /// nothing missing, no conversation rule counted.
    pub fn not_applicable(&self) -> Verdict<'r> {
        Verdict {
            passed: true,
            banned: Vec::new(),
            missing: Vec::new(),
            conversation: Vec::new(),
        }
    }

    /// The distinct banned phrases, as written; a [`BannedResult::group`] indexes this.
    pub fn banned_phrases(&self) -> &[&'r str] {
        &self.names
    }

    /// Grades one conversation given as its parts (spec §2 matching within each part;
    /// conversation rules count over all parts together).
    ///
    /// The parts are joined, with [`SEPARATOR`] between them, and the whole is
    /// normalised and matched in one pass: a separator survives normalisation, so no
    /// phrase (nor OpenCC phrase) matches across two parts, and a hit is mapped back to
    /// its part and to char offsets within it.
    pub fn grade(&self, parts: &[Part<'_>]) -> Verdict<'r> {
        self.grade_with(parts, &mut Scratch::default())
    }

    /// [`Grader::grade`] with buffers kept from one conversation to the next.
    pub fn grade_with(&self, parts: &[Part<'_>], scratch: &mut Scratch) -> Verdict<'r> {
        if self.fused
            && let Some(v) = self.grade_fused(parts, scratch)
        {
            return v;
        }
        self.grade_exact(parts, scratch)
    }

    /// [`Grader::grade`] by the fused pass, when it can decide alone: no gapped
    /// phrase's segment occurs, no occurrence of a banned phrase with clause or
    /// negation rules, and no required phrase occurs with a negator near enough
    /// before it to need the full negation test. `None` otherwise.
    pub(super) fn grade_fused(
        &self,
        parts: &[Part<'_>],
        scratch: &mut Scratch,
    ) -> Option<Verdict<'r>> {
        let Scratch { found, met, .. } = scratch;
        let texts = parts.iter().map(|p| p.text);
        self.matcher
            .find_fused(texts, SEPARATOR, self.anchors().as_ref(), found)
            .ok()?;
        let occ = &found.occ;
        if occ.iter().any(|o| o.phrase as usize >= self.matcher.len()) {
            return None;
        }
        met.clear();
        met.resize(self.rules.required.len(), false);
        let mut seen: Vec<usize> = Vec::new();
        for o in occ {
            match self.roles.get(o.phrase as usize) {
                Some(Role::Required(i)) if !met[*i] => {
                    if self.matcher.negative_form(o.phrase)
                        || !may_be_negated(&found.negators, &found.tails, o.start)
                    {
                        met[*i] = true;
                    } else {
                        return None;
                    }
                }
                Some(Role::Banned(g)) if !seen.contains(g) => seen.push(*g),
                _ => {}
            }
        }
        seen.sort_unstable();
        let mut banned = Vec::new();
        for &g in &seen {
            let mut spans: Vec<(u32, u32)> = Vec::new();
            for (phrase, except, rules) in &self.groups[g].items {
                if *rules != BanRules::default() {
                    return None;
                }
                spans.extend(matcher::hits_outside(occ, *phrase, except));
            }
            if let Some(result) = self.banned_result(g, spans, |s, e| {
                let (start, end) = found.original_span(s, e);
                locate(parts, &found.starts, start, end)
            }) {
                banned.push(result);
            }
        }
        Some(self.verdict(banned, met, self.conversation(occ)))
    }

    /// [`Grader::grade`] by normalising into a copy, then matching it.
    fn grade_exact(&self, parts: &[Part<'_>], scratch: &mut Scratch) -> Verdict<'r> {
        let Scratch {
            normalized,
            occ,
            starts,
            ..
        } = scratch;
        normalize_parts(parts, normalized, starts);
        // The original text, for clause breaks; built only if a rule needs them.
        let raw = || joined(parts);
        let ctx = Context::new(&raw, normalized);
        self.matcher.occurrences_into(&ctx, occ);
        let (met, seen) = self.met_and_banned(occ, &ctx);
        let banned = self.banned(occ, &seen, &ctx, |s, e| {
            let (start, end) = matcher::original_span(normalized, s, e);
            locate(parts, starts, start, end)
        });
        self.verdict(banned, &met, self.conversation(occ))
    }

    /// The verdict from its parts: `met` says which required items are met.
    fn verdict(
        &self,
        banned: Vec<BannedResult<'r>>,
        met: &[bool],
        conversation: Vec<RuleResult<'r>>,
    ) -> Verdict<'r> {
        let missing: Vec<&'r str> = self
            .rules
            .required
            .iter()
            .zip(met)
            .filter(|(_, met)| !**met)
            .map(|(r, _)| r.label.as_str())
            .collect();
        Verdict {
            passed: banned.is_empty() && missing.is_empty() && conversation.iter().all(|r| r.met),
            banned,
            missing,
            conversation,
        }
    }

    /// Which required items are met, and which banned groups occur at all (sorted).
    fn met_and_banned(&self, occ: &[Occurrence], ctx: &Context<'_>) -> (Vec<bool>, Vec<usize>) {
        let mut met = vec![false; self.rules.required.len()];
        let mut seen: Vec<usize> = Vec::new();
        for o in occ {
            match self.roles.get(o.phrase as usize) {
                Some(Role::Required(i)) if !met[*i] => {
                    met[*i] = matcher::required_met(
                        std::slice::from_ref(o),
                        &[o.phrase],
                        &self.matcher,
                        ctx,
                    );
                }
                Some(Role::Banned(g)) if !seen.contains(g) => seen.push(*g),
                _ => {}
            }
        }
        seen.sort_unstable();
        (met, seen)
    }

    /// The hits of the banned groups `seen`, in rules order, each span placed by
    /// `place` (normalised chars → a hit in the original text).
    fn banned(
        &self,
        occ: &[Occurrence],
        seen: &[usize],
        ctx: &Context<'_>,
        place: impl Fn(u32, u32) -> Hit,
    ) -> Vec<BannedResult<'r>> {
        let mut banned = Vec::new();
        for &g in seen {
            let mut spans: Vec<(u32, u32)> = Vec::new();
            for (phrase, except, rules) in &self.groups[g].items {
                spans.extend(matcher::banned_spans(occ, *phrase, except, *rules, ctx));
            }
            banned.extend(self.banned_result(g, spans, &place));
        }
        banned
    }

    /// The result of banned group `g` hit at normalised `spans` (any order, repeats
    /// allowed), each placed by `place`; `None` when there is none.
    fn banned_result(
        &self,
        g: usize,
        mut spans: Vec<(u32, u32)>,
        place: impl Fn(u32, u32) -> Hit,
    ) -> Option<BannedResult<'r>> {
        if spans.is_empty() {
            return None;
        }
        spans.sort_unstable();
        spans.dedup();
        Some(BannedResult {
            group: g,
            phrase: self.names[g],
            hits: spans.into_iter().map(|(s, e)| place(s, e)).collect(),
        })
    }

    /// The conversation rules' counts over all parts.
    fn conversation(&self, occ: &[Occurrence]) -> Vec<RuleResult<'r>> {
        self.rules
            .conversation
            .iter()
            .zip(&self.mentions)
            .map(
                |(
                    ConversationRule::Mentions {
                        phrases, at_least, ..
                    },
                    ids,
                )| {
                    let count = matcher::count_non_overlapping(occ, ids);
                    RuleResult {
                        phrases,
                        at_least: *at_least,
                        count,
                        met: count >= *at_least as usize,
                    }
                },
            )
            .collect()
    }
}

/// The text the parts make: one as it is, several each followed by [`SEPARATOR`].
fn joined(parts: &[Part<'_>]) -> String {
    match parts {
        [one] => one.text.to_owned(),
        many => many.iter().fold(String::new(), |mut text, p| {
            text.push_str(p.text);
            text.push(SEPARATOR);
            text
        }),
    }
}

/// A span in chars of the joined text as a hit in its part: `starts` holds where
/// each of several parts begins (empty for one part).
fn locate(parts: &[Part<'_>], starts: &[u32], start: u32, end: u32) -> Hit {
    let i = starts.partition_point(|&s| s <= start).saturating_sub(1);
    let base = starts.get(i).copied().unwrap_or(0);
    Hit {
        turn: parts.get(i).and_then(|p| p.turn),
        start: start - base,
        end: end - base,
    }
}

#[cfg(test)]
mod tests;
