//! Hits → verdicts (spec §2 checks, §3 scores). A [`Compiled`] scenario holds one
//! automaton over every phrase it uses, so an answer is matched in one pass.

mod summary;

use std::sync::Arc;

use crate::record::Missing;
use crate::scenario::model::{
    Banned, ConversationRule, Phrase, PhraseList, Required, Scenario, Step,
};
use crate::text::clause::Context;
use crate::text::matcher::{self, BanRules, Matcher, Occurrence, Source};
use crate::text::normalize::{Normalized, normalize_mapped};

pub use summary::{RuleResult, Summary};

/// Words that make an answer a question even without a question mark (spec §2).
pub const QUESTION_WORDS: &[&str] = &[
    "吗",
    "呢",
    "什么",
    "怎么",
    "怎样",
    "如何",
    "哪",
    "多少",
    "是否",
    "有没有",
    "能不能",
    "可不可以",
    "要不要",
    "是不是",
    "会不会",
];

struct BannedIds {
    phrase: u32,
    /// Shared by the items made from one concept.
    except: Arc<[u32]>,
    rules: BanRules,
}

struct StepIds {
    required: Vec<Vec<u32>>,
    banned: Vec<BannedIds>,
}

/// A scenario prepared for scoring.
pub struct Compiled<'s> {
    pub scenario: &'s Scenario,
    matcher: Matcher,
    scenario_banned: Vec<BannedIds>,
    steps: Vec<StepIds>,
    mentions: Vec<Vec<u32>>,
    /// By phrase id: whether some banned item (of the scenario or a step) is that
    /// phrase.
    banned_phrase: Vec<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequiredResult {
    pub label: String,
    pub met: bool,
    pub why: Option<String>,
    /// A few ways to say it (the item's first alternatives), for feedback on a
    /// missing item; empty when the label already is the only way.
    pub ways: Vec<String>,
}

/// How many alternatives feedback shows for a missing item.
pub const WAYS_SHOWN: usize = 3;

fn ways(r: &Required) -> Vec<String> {
    if r.any.len() < 2 && r.any.first().is_some_and(|p| *p == r.label) {
        return Vec::new();
    }
    r.any
        .iter()
        .take(WAYS_SHOWN)
        .map(|p| p.to_string())
        .collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct BannedHit {
    /// As written in the file.
    pub phrase: String,
    pub why: Option<String>,
    /// Character spans `[start, end)` in the raw answer, for highlighting.
    pub spans: Vec<(u32, u32)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LengthCheck {
    pub chars: usize,
    pub limit: usize,
    pub met: bool,
}

/// One answer's verdict on one step.
#[derive(Debug, Clone, PartialEq)]
pub struct StepVerdict {
    pub score: u8,
    pub passed: bool,
    pub required: Vec<RequiredResult>,
    pub banned: Vec<BannedHit>,
    /// `Some(met)` when the step asks for a question.
    pub question: Option<bool>,
    pub max_chars: Option<LengthCheck>,
    /// Occurrences in this answer for each conversation rule, in rule order.
    pub mentions: Vec<usize>,
}

impl StepVerdict {
    /// Labels of unmet required items, then `question` / `max_chars` (spec §5).
    pub fn missing(&self) -> Vec<Missing> {
        let mut out: Vec<Missing> = self
            .required
            .iter()
            .filter(|r| !r.met)
            .map(|r| Missing::Item(r.label.clone()))
            .collect();
        if self.question == Some(false) {
            out.push(Missing::Question);
        }
        if self.max_chars.as_ref().is_some_and(|m| !m.met) {
            out.push(Missing::TooLong);
        }
        out
    }

    pub fn banned_phrases(&self) -> Vec<String> {
        self.banned.iter().map(|b| b.phrase.clone()).collect()
    }
}

/// Removes the concept hits (index, normalised spans) whose every span lies inside a
/// span of another concept hit; of two hits with the same spans the first stays.
fn drop_repeated_hits(banned: &mut Vec<BannedHit>, concept_hits: &[(usize, Vec<(u32, u32)>)]) {
    let inside = |a: (u32, u32), b: (u32, u32)| b.0 <= a.0 && a.1 <= b.1;
    let repeated: Vec<usize> = concept_hits
        .iter()
        .enumerate()
        .filter(|(k, (_, spans))| {
            spans.iter().all(|&s| {
                concept_hits.iter().enumerate().any(|(j, (_, other))| {
                    j != *k && other.iter().any(|&o| inside(s, o) && (s != o || j < *k))
                })
            })
        })
        .map(|(_, (i, _))| *i)
        .collect();
    let mut i = 0;
    banned.retain(|_| {
        let keep = !repeated.contains(&i);
        i += 1;
        keep
    });
}

/// Half away from zero, in integers: `round(100 × met / checks)`.
pub fn percent(met: usize, checks: usize) -> u8 {
    if checks == 0 {
        return 100;
    }
    ((200 * met + checks) / (2 * checks)) as u8
}

/// The rounded mean of step scores (half away from zero).
pub fn mean(scores: &[u8]) -> u8 {
    if scores.is_empty() {
        return 0;
    }
    let sum: usize = scores.iter().map(|&s| usize::from(s)).sum();
    ((2 * sum + scores.len()) / (2 * scores.len())) as u8
}

/// Spec §2's question test. 呢 is judged in the raw answer only, where its
/// punctuation still is: a 呢 directly followed by 。 or ！ ends a statement
/// (一年下来也要不少钱呢。).
pub fn is_question(raw: &str, normalized: &str) -> bool {
    raw.contains(['?', '？'])
        || QUESTION_WORDS
            .iter()
            .filter(|w| **w != "呢")
            .any(|w| raw.contains(w) || normalized.contains(w))
        || questioning_ne(raw)
}

/// Whether some 呢 in `raw` is not directly followed (spaces aside) by a full stop or
/// an exclamation mark.
fn questioning_ne(raw: &str) -> bool {
    raw.match_indices('呢').any(|(i, ne)| {
        let after = raw[i + ne.len()..].trim_start();
        !after.starts_with(['。', '！', '!', '｡', '.', '．'])
    })
}

/// Every phrase of a scenario, numbered: a phrase written in the file once per
/// distinct text; a lexicon list (a concept's phrases or `except` list) as one block of
/// numbers, one per phrase of the list, however many items use it. A phrase in two
/// places (a list and the file, or two lists) then has two numbers, which match the
/// same places: every verdict is the same as with one.
#[derive(Default)]
struct Phrases<'s> {
    sources: Vec<Source<'s>>,
    count: u32,
    /// One id per distinct phrase of the file's own: a concept's `except` list is
    /// shared by every phrase of the concept, and one id keeps the occurrences (and
    /// the work on them) from multiplying.
    ids: foldhash::HashMap<&'s str, u32>,
    /// Each lexicon list's first number, and which of them was asked for last.
    lists: Vec<(&'s Arc<[String]>, u32)>,
    last_list: usize,
}

impl<'s> Phrases<'s> {
    fn own(&mut self, p: &'s str) -> u32 {
        *self.ids.entry(p).or_insert_with(|| {
            self.sources.push(Source::Phrase(p));
            self.count += 1;
            self.count - 1
        })
    }

    /// The first number of `list`'s block.
    fn list(&mut self, list: &'s Arc<[String]>) -> u32 {
        if let Some(&(l, first)) = self.lists.get(self.last_list)
            && Arc::ptr_eq(l, list)
        {
            return first;
        }
        if let Some(i) = self.lists.iter().position(|(l, _)| Arc::ptr_eq(l, list)) {
            self.last_list = i;
            return self.lists[i].1;
        }
        let first = self.count;
        self.count = first.saturating_add(u32::try_from(list.len()).unwrap_or(u32::MAX));
        self.sources.push(Source::List(list));
        self.last_list = self.lists.len();
        self.lists.push((list, first));
        first
    }

    fn id(&mut self, p: &'s Phrase) -> u32 {
        match p.list() {
            Some((list, i)) => self.list(list).saturating_add(i),
            None => self.own(p.as_str()),
        }
    }

    fn all(&mut self, list: &'s [Phrase]) -> Vec<u32> {
        list.iter().map(|p| self.id(p)).collect()
    }

    fn strings(&mut self, list: &'s [String]) -> Vec<u32> {
        list.iter().map(|p| self.own(p)).collect()
    }

    fn except(&mut self, list: &'s PhraseList) -> Vec<u32> {
        match list.list() {
            Some(l) if l.is_empty() => Vec::new(),
            Some(l) => {
                let first = self.list(l);
                (first..).take(l.len()).collect()
            }
            None => self.strings(list),
        }
    }

    fn banned(&mut self, list: &'s [Banned]) -> Vec<BannedIds> {
        // The items made from one concept share one `except` list: its ids are
        // looked up once, not once per phrase.
        let mut last_list: Option<&'s PhraseList> = None;
        let mut last_ids: Arc<[u32]> = Arc::from([]);
        list.iter()
            .map(|b| BannedIds {
                phrase: self.id(&b.phrase),
                except: if last_list.is_some_and(|l| l.same(&b.except)) {
                    last_ids.clone()
                } else {
                    last_ids = self.except(&b.except).into();
                    last_list = Some(&b.except);
                    last_ids.clone()
                },
                rules: BanRules {
                    unless_negated: b.unless_negated,
                    clause: b.clause,
                    alone: b.alone,
                },
            })
            .collect()
    }
}

impl<'s> Compiled<'s> {
    pub fn new(scenario: &'s Scenario) -> Compiled<'s> {
        Compiled::build(scenario, Matcher::from_sources)
    }

    /// The same verdicts from an automaton that is quicker to build and slower to
    /// search: for `check`, which scores a few examples per scenario.
    pub fn for_checking(scenario: &'s Scenario) -> Compiled<'s> {
        Compiled::build(scenario, Matcher::quick_from_sources)
    }

    fn build(scenario: &'s Scenario, matcher: fn(&[Source<'s>]) -> Matcher) -> Compiled<'s> {
        let mut ids = Phrases::default();
        let scenario_banned = ids.banned(&scenario.banned);
        let steps: Vec<StepIds> = scenario
            .steps
            .iter()
            .map(|s| StepIds {
                required: s.required.iter().map(|r| ids.all(&r.any)).collect(),
                banned: ids.banned(&s.banned),
            })
            .collect();
        let mentions = scenario
            .conversation
            .iter()
            .map(|ConversationRule::Mentions { phrases, .. }| ids.strings(phrases))
            .collect();
        let mut banned_phrase = vec![false; ids.count as usize];
        let banned = steps.iter().flat_map(|s| &s.banned);
        for b in scenario_banned.iter().chain(banned) {
            if let Some(flag) = banned_phrase.get_mut(b.phrase as usize) {
                *flag = true;
            }
        }
        Compiled {
            scenario,
            matcher: matcher(&ids.sources),
            scenario_banned,
            steps,
            mentions,
            banned_phrase,
        }
    }

    /// Scores `answer` on step `index` (spec §2, §3).
    pub fn score(&self, index: usize, answer: &str) -> StepVerdict {
        let step: &Step = &self.scenario.steps[index];
        let ids = &self.steps[index];
        let text: Normalized = normalize_mapped(answer);
        let raw = || answer.to_owned();
        let ctx = Context::new(&raw, &text);
        let occ: Vec<Occurrence> = self.matcher.occurrences(&ctx);
        let present = self.present(&occ);
        let occurs = |id: u32| present.get(id as usize).copied().unwrap_or(false);

        let required: Vec<RequiredResult> = step
            .required
            .iter()
            .zip(&ids.required)
            .map(|(r, alts)| RequiredResult {
                label: r.label.clone(),
                met: self.item_met(alts, &present, &occ, &ctx),
                why: r.why.clone(),
                ways: ways(r),
            })
            .collect();

        let mut banned: Vec<BannedHit> = Vec::new();
        // Hits of concept phrases, in normalised spans: one inside another's span says
        // the same thing twice (没风险 inside 基本没风险) and is not listed.
        let mut concept_hits: Vec<(usize, Vec<(u32, u32)>)> = Vec::new();
        let items = self.scenario.banned.iter().zip(&self.scenario_banned);
        let items = items.chain(step.banned.iter().zip(&ids.banned));
        for (item, bid) in items {
            if !occurs(bid.phrase) {
                continue;
            }
            let spans = matcher::banned_spans(&occ, bid.phrase, &bid.except, bid.rules, &ctx);
            if spans.is_empty() || banned.iter().any(|b| b.phrase == item.phrase) {
                continue;
            }
            if item.concept.is_some() {
                concept_hits.push((banned.len(), spans.clone()));
            }
            banned.push(BannedHit {
                phrase: item.phrase.to_string(),
                why: item.why.as_deref().map(str::to_owned),
                spans: spans
                    .iter()
                    .map(|&(s, e)| matcher::original_span(&text, s, e))
                    .collect(),
            });
        }

        drop_repeated_hits(&mut banned, &concept_hits);

        let question = step.question.then(|| is_question(answer, &text.text));
        let max_chars = step.max_chars.map(|limit| {
            let chars = length(answer);
            LengthCheck {
                chars,
                limit,
                met: chars <= limit,
            }
        });

        let checks =
            required.len() + usize::from(question.is_some()) + usize::from(max_chars.is_some());
        let met = required.iter().filter(|r| r.met).count()
            + usize::from(question == Some(true))
            + usize::from(max_chars.as_ref().is_some_and(|m| m.met));
        let score = if banned.is_empty() {
            percent(met, checks)
        } else {
            0
        };
        let mentions = self
            .mentions
            .iter()
            .map(|ids| matcher::count_non_overlapping(&occ, ids))
            .collect();
        StepVerdict {
            score,
            passed: score == 100,
            required,
            banned,
            question,
            max_chars,
            mentions,
        }
    }

    /// Whether `answer` passes step `index`: [`Compiled::score`]'s `passed`, without
    /// the labels, reasons and spans of a verdict (`check` asks this of every example
    /// and reads a verdict only for one that misbehaves). A verdict with a banned hit
    /// keeps one through [`drop_repeated_hits`] (the hit with the longest span, or the
    /// first of those with the same, lies inside no other), so any hit fails it.
    pub fn passes(&self, index: usize, answer: &str) -> bool {
        let step: &Step = &self.scenario.steps[index];
        let ids = &self.steps[index];
        let text: Normalized = normalize_mapped(answer);
        let raw = || answer.to_owned();
        let ctx = Context::new(&raw, &text);
        let occ: Vec<Occurrence> = self.matcher.occurrences(&ctx);
        let present = self.present(&occ);
        let question = step.question.then(|| is_question(answer, &text.text));
        let length_met = step.max_chars.map(|limit| length(answer) <= limit);
        let checks = ids.required.len()
            + usize::from(question.is_some())
            + usize::from(length_met.is_some());
        let met = ids
            .required
            .iter()
            .filter(|alts| self.item_met(alts, &present, &occ, &ctx))
            .count()
            + usize::from(question == Some(true))
            + usize::from(length_met == Some(true));
        if percent(met, checks) != 100 {
            return false;
        }
        !self.banned_hit(ids, &occ, &present, &ctx)
    }

    /// Whether any banned item of the scenario or of the step with `ids` has a hit
    /// among `occ`: exactly when [`Compiled::score`]'s verdict lists one, as a
    /// verdict keeps one hit through [`drop_repeated_hits`].
    fn banned_hit(
        &self,
        ids: &StepIds,
        occ: &[Occurrence],
        present: &[bool],
        ctx: &Context<'_>,
    ) -> bool {
        // Most answers hold no banned phrase at all.
        if !occ
            .iter()
            .any(|o| self.banned_phrase.get(o.phrase as usize) == Some(&true))
        {
            return false;
        }
        let occurs = |id: u32| present.get(id as usize).copied().unwrap_or(false);
        self.scenario_banned.iter().chain(&ids.banned).any(|bid| {
            occurs(bid.phrase)
                && !matcher::banned_spans(occ, bid.phrase, &bid.except, bid.rules, ctx).is_empty()
        })
    }

    /// Whether `answer` fails step `index` on its length alone: over the step's
    /// `max_chars`, with every required item met, the question test (if any) passed
    /// and no banned hit. [`Compiled::score`]'s verdict says the same; this builds
    /// none, and matches nothing at all for an answer within the limit.
    pub fn fails_only_on_length(&self, index: usize, answer: &str) -> bool {
        let step: &Step = &self.scenario.steps[index];
        if step.max_chars.is_none_or(|limit| length(answer) <= limit) {
            return false;
        }
        let ids = &self.steps[index];
        let text: Normalized = normalize_mapped(answer);
        if step.question && !is_question(answer, &text.text) {
            return false;
        }
        let raw = || answer.to_owned();
        let ctx = Context::new(&raw, &text);
        let occ: Vec<Occurrence> = self.matcher.occurrences(&ctx);
        let present = self.present(&occ);
        if !(ids.required.iter()).all(|alts| self.item_met(alts, &present, &occ, &ctx)) {
            return false;
        }
        !self.banned_hit(ids, &occ, &present, &ctx)
    }

    /// The key numbers ([`Matcher::key_id`]) of the banned items of the scenario
    /// (`None`) or of step `step`, in item order: equal for two items exactly when
    /// their phrases match the same places.
    pub fn banned_keys(&self, step: Option<usize>) -> impl Iterator<Item = u32> + '_ {
        let items = match step {
            None => self.scenario_banned.as_slice(),
            Some(i) => self.steps.get(i).map_or(&[][..], |s| s.banned.as_slice()),
        };
        items.iter().map(|b| self.matcher.key_id(b.phrase))
    }

    /// The key numbers of the alternatives of required item `item` of step `step`, in
    /// order.
    pub fn required_keys(&self, step: usize, item: usize) -> impl Iterator<Item = u32> + '_ {
        let alts = self.steps.get(step).and_then(|s| s.required.get(item));
        (alts.map_or(&[][..], Vec::as_slice).iter()).map(|&a| self.matcher.key_id(a))
    }

    /// How many distinct key numbers the scenario's phrases have.
    pub fn key_count(&self) -> usize {
        self.matcher.key_count()
    }

    /// Which phrases occur at all, by id: most items are decided by this alone.
    fn present(&self, occ: &[Occurrence]) -> Vec<bool> {
        let mut present = vec![false; self.matcher.len()];
        for o in occ {
            if let Some(p) = present.get_mut(o.phrase as usize) {
                *p = true;
            }
        }
        present
    }

    /// Whether a required item with alternatives `alts` is met.
    fn item_met(
        &self,
        alts: &[u32],
        present: &[bool],
        occ: &[Occurrence],
        ctx: &Context<'_>,
    ) -> bool {
        alts.iter()
            .any(|&a| present.get(a as usize).copied().unwrap_or(false))
            && matcher::required_met(occ, alts, &self.matcher, ctx)
    }
}

/// An answer's length for `max_chars`: its chars, surrounding whitespace left out.
fn length(answer: &str) -> usize {
    answer.trim().chars().count()
}

#[cfg(test)]
mod tests;
