//! The fused search finds what normalising into a copy and matching it finds: the
//! same occurrences, placed at the same raw chars, with the same negation words.

use super::*;
use crate::text::clause::{
    Context, PART_SEPARATOR, ends_negation_word, may_be_negated, negation_reach, starts_negator,
};
use crate::text::matcher::original_span;
use crate::text::normalize::{normalize_joined_into, normalize_mapped_into};
use crate::text::rng;

const PHRASES: &[&str] = &[
    "保本保息",
    "一目了然",
    "app",
    "秘密",
    "您好",
    "风险",
    "xii",
    "fi",
    "头发",
    "后面",
    "干净",
    "什么",
    "账户",
    "1",
    "谢谢",
    "了",
    "不保本",
    "e",
    "您",
    "𠀀x",
];

/// Pieces of text with every trap: punctuation and spaces inside phrases, Traditional
/// chars and OpenCC phrases that convert differently in context (瞭, 乾淨, 頭髮),
/// full-width letters, Kangxi radicals and enclosed ideographs, combining marks,
/// one-to-many expansions (ﬁ, Ⅻ), chars beyond the BMP, negators, the part separator.
const PIECES: &[&str] = &[
    "保本",
    "保息",
    "，",
    "。",
    " ",
    "一目瞭然",
    "瞭",
    "了",
    "然",
    "ＡＰＰ",
    "app",
    "⼀",
    "目",
    "㊙",
    "密",
    "\u{301}",
    "e",
    "您好",
    "不",
    "没有",
    "谢谢",
    "風險",
    "乾",
    "淨",
    "乾淨",
    "帳戶",
    "𠀀",
    "x",
    "🙂",
    "ﬁ",
    "①",
    "Ⅻ",
    "頭髮",
    "髮",
    "後面",
    "什麼",
    "著",
    "非常",
    "\u{E000}",
    "\\n",
    "\t",
    "理財",
    "好",
    "吗",
    "？",
];

/// What the exact path finds in `parts`: the normalised text and its occurrences.
fn exact(matcher: &Matcher, parts: &[String]) -> (Normalized, Vec<Occurrence>, Vec<u32>) {
    let mut norm = Normalized::default();
    let mut starts = Vec::new();
    if let [one] = parts {
        normalize_mapped_into(one, &mut norm);
    } else {
        normalize_joined_into(
            parts.iter().map(String::as_str),
            PART_SEPARATOR,
            &mut norm,
            &mut starts,
        );
    }
    let raw = || String::new();
    let mut occ = Vec::new();
    matcher.occurrences_into(&Context::new(&raw, &norm), &mut occ);
    (norm, occ, starts)
}

/// Checks that the fused search of `parts` finds what the exact path finds; `false`
/// when it leaves the text to the exact path.
fn same_as_exact(matcher: &Matcher, parts: &[String], found: &mut Found) -> bool {
    let (norm, occ, starts) = exact(matcher, parts);
    if matcher
        .find_fused(
            parts.iter().map(String::as_str),
            PART_SEPARATOR,
            None,
            found,
        )
        .is_err()
    {
        return false;
    }
    assert_eq!(found.occ, occ, "{parts:?}");
    assert_eq!(found.starts, starts, "{parts:?}");
    for o in &occ {
        assert_eq!(
            found.original_span(o.start, o.end),
            original_span(&norm, o.start, o.end),
            "{parts:?} {o:?}"
        );
    }
    let at = |test: fn(char) -> bool| -> Vec<u32> {
        (0..)
            .zip(norm.text.chars())
            .filter(|&(_, c)| test(c))
            .map(|(i, _)| i)
            .collect()
    };
    assert_eq!(found.negators, at(starts_negator), "{parts:?}");
    assert_eq!(found.tails, at(ends_negation_word), "{parts:?}");
    true
}

#[test]
fn the_fused_search_finds_what_the_exact_path_finds() {
    let matcher = Matcher::new(PHRASES.iter().copied());
    assert!(matcher.symbols.is_some());
    let mut next = rng(0x2545_F491_4F6C_DD1D);
    let mut found = Found::default();
    let (mut fused, mut whole) = (0, 0);
    for _ in 0..4000 {
        let parts: Vec<String> = (0..1 + next(3))
            .map(|_| (0..next(12)).map(|_| PIECES[next(PIECES.len())]).collect())
            .collect();
        if same_as_exact(&matcher, &parts, &mut found) {
            fused += 1;
        } else {
            whole += 1;
        }
    }
    // Most texts are searched in one pass; those with a combining mark are not.
    assert!(fused > 2000 && whole > 100, "{fused} fused, {whole} whole");
}

/// Phrases of Chinese chars only, as rules for everyday text are: every ASCII char and
/// most Chinese ones leave the automaton in its start state.
const CHINESE_PHRASES: &[&str] = &[
    "保本保息",
    "稳赚不赔",
    "绝对安全",
    "无风险",
    "肯定涨",
    "你有完没完",
    "爱办不办",
    "我解决不了",
    "跟我没关系",
    "自己看去",
    "头发",
    "一目了然",
];

/// Long stretches the walk skips in its start state (English words and spaces,
/// everyday Chinese with OpenCC phrase chars, full-width letters), and what comes
/// between them: the phrases written every way (Simplified, Traditional, broken by
/// punctuation), first chars of phrases that lead nowhere, negators, witnesses.
const STRETCHES: &[&str] = &[
    "The account statement is ready, please sign here. Thank you! ",
    "card branch opens at nine on weekdays ",
    "今天天气很好我们可以一起去吃饭明天上午见面",
    "手续已经办好了，到期多少利率？工作日开门时间不长",
    "ＬＸＫ７２Ｃ",
    "保本保息",
    "穩賺不賠",
    "绝对，安全",
    "無風險",
    "肯定漲",
    "你有完沒完",
    "愛辦不辦",
    "我解決不了",
    "跟我没关系",
    "自己 看去",
    "頭髮",
    "一目瞭然",
    "我",
    "你",
    "自",
    "不",
    "没有",
    "乾淨",
    "\\u4fdd",
    "\\n",
    "🙂",
];

#[test]
fn long_stretches_skipped_in_the_start_state_keep_offsets_exact() {
    let matcher = Matcher::new(CHINESE_PHRASES.iter().copied());
    let mut next = rng(0x5DEE_CE66_D1CE_4E5B);
    let mut found = Found::default();
    let mut hits = 0;
    for _ in 0..3000 {
        let parts: Vec<String> = (0..1 + next(3))
            .map(|_| {
                (0..next(10))
                    .map(|_| STRETCHES[next(STRETCHES.len())].repeat(1 + next(3)))
                    .collect()
            })
            .collect();
        assert!(same_as_exact(&matcher, &parts, &mut found), "{parts:?}");
        hits += found.occ.len();
    }
    assert!(hits > 3000, "{hits} occurrences");
    // Offsets after a long skipped stretch, in chars of the original text.
    let text = format!(
        "{}稳赚不赔{}穩賺不賠",
        "a b。".repeat(1000),
        "好".repeat(500)
    );
    let parts = [text];
    assert!(same_as_exact(&matcher, &parts, &mut found));
    let spans: Vec<(u32, u32)> = found
        .occ
        .iter()
        .map(|o| found.original_span(o.start, o.end))
        .collect();
    assert_eq!(spans, [(4000, 4004), (4504, 4508)]);
    // A witness after a run of phrase chars longer than the ring, begun inside a
    // phrase: the origins before the run are gone, so the exact path decides; a
    // shorter one is gone back over.
    for (run, fused) in [(400, false), (40, true)] {
        let parts = [format!("肯定{}瞭然，肯定漲", "一".repeat(run))];
        assert_eq!(same_as_exact(&matcher, &parts, &mut found), fused, "{run}");
    }
}

#[test]
fn a_witness_undoes_the_run_it_ends_and_converts_it_phrases_first() {
    // 一目瞭然: matched only once 瞭 (a witness) makes the run convert as a phrase;
    // 了 alone was already found char by char and must not be found twice.
    let matcher = Matcher::new(["一目了然", "了", "目了"]);
    let mut found = Found::default();
    for text in [
        "一目瞭然",
        "看，一目瞭然！",
        "瞭",
        "一目了然了",
        "一 目瞭然",
    ] {
        let parts = [text.to_owned()];
        let (norm, occ, _) = exact(&matcher, &parts);
        assert_eq!(
            matcher.find_fused(std::iter::once(text), PART_SEPARATOR, None, &mut found),
            Ok(()),
            "{text}"
        );
        assert_eq!(found.occ, occ, "{text}");
        for o in &occ {
            assert_eq!(
                found.original_span(o.start, o.end),
                original_span(&norm, o.start, o.end)
            );
        }
    }
    // A combining mark needs the whole text put through NFKC first.
    assert_eq!(
        matcher.find_fused(
            std::iter::once("e\u{301}"),
            PART_SEPARATOR,
            None,
            &mut found
        ),
        Err(WholeText)
    );
}

#[test]
fn too_many_distinct_chars_leave_only_the_exact_path() {
    let phrases: Vec<String> = (0..150u32)
        .filter_map(|i| {
            Some(format!(
                "{}{}",
                char::from_u32(0x4E00 + 2 * i)?,
                char::from_u32(0x4E01 + 2 * i)?
            ))
        })
        .collect();
    let matcher = Matcher::new(phrases.iter().map(String::as_str));
    let mut found = Found::default();
    assert_eq!(
        matcher.find_fused(std::iter::once("一丁"), PART_SEPARATOR, None, &mut found),
        Err(WholeText)
    );
}

/// Checks that the fused search of `parts` with `anchors` finds what the exact path
/// finds: the same occurrences, placed at the same raw chars, and, when the anchors
/// were built for `negation`, the same answer of [`may_be_negated`] for each. The
/// negation words it notes are among the exact path's. `None` when it leaves the text
/// to the exact path; else how many negators it did not note (in stretches jumped).
fn windowed_same_as_exact(
    matcher: &Matcher,
    parts: &[String],
    anchors: &Anchors,
    negation: bool,
    found: &mut Found,
) -> Option<usize> {
    let (norm, occ, starts) = exact(matcher, parts);
    let texts = parts.iter().map(String::as_str);
    matcher
        .find_fused(texts, PART_SEPARATOR, Some(anchors), found)
        .ok()?;
    assert_eq!(found.occ, occ, "{parts:?}");
    assert_eq!(found.starts, starts, "{parts:?}");
    let at = |test: fn(char) -> bool| -> Vec<u32> {
        (0..)
            .zip(norm.text.chars())
            .filter(|&(_, c)| test(c))
            .map(|(i, _)| i)
            .collect()
    };
    let (negators, tails) = (at(starts_negator), at(ends_negation_word));
    for o in &occ {
        assert_eq!(
            found.original_span(o.start, o.end),
            original_span(&norm, o.start, o.end),
            "{parts:?} {o:?}"
        );
        if negation {
            assert_eq!(
                may_be_negated(&found.negators, &found.tails, o.start),
                may_be_negated(&negators, &tails, o.start),
                "{parts:?} {o:?}"
            );
        }
    }
    assert!(
        found.negators.iter().all(|p| negators.contains(p)),
        "{parts:?}"
    );
    assert!(found.tails.iter().all(|p| tails.contains(p)), "{parts:?}");
    Some(negators.len() - found.negators.len())
}

/// Anchors for `matcher`: one char of each of its patterns, picked by `next`.
fn random_anchors(matcher: &Matcher, next: &mut impl FnMut(usize) -> usize) -> Vec<char> {
    let mut chars: Vec<char> = matcher
        .patterns()
        .iter()
        .filter_map(|p| {
            let chars: Vec<char> = p.chars().collect();
            chars.get(next(chars.len().max(1))).copied()
        })
        .collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

/// Everyday stretches with nothing to find (plain, with negators and fillers, with
/// OpenCC phrase chars and vanishing punctuation) and what lies between them.
const WINDOW_PIECES: &[&str] = &[
    "今天天气很好我们可以一起去吃饭明天上午见面",
    "手续已经办好了，到期多少利率？工作日开门时间不长",
    "The account statement is ready, please sign here. ",
    "好",
    "好好好好好好好好好好",
    "，",
    " ",
    "没",
    "没有",
    "有",
    "任何",
    "不",
    "不能",
    "绝对",
    "一丁点",
    "乾淨",
    "瞭",
    "頭髮",
    "一目瞭然",
    "ＬＸＫ",
    "ﬁ",
    "🙂",
    "\u{301}",
    "保本保息",
    "保本，保息",
    "穩賺不賠",
    "無風險",
    "肯定漲",
    "你有完沒完",
    "我解決不了",
    "跟我没关系",
    "头发",
    "保",
    "本",
    "息",
    "险",
    "我",
    "你",
];

#[test]
fn windows_find_what_the_whole_walk_finds_whatever_the_anchors() {
    let matcher = Matcher::new(CHINESE_PHRASES.iter().copied());
    let mut next = rng(0x9E37_79B9_7F4A_7C15);
    let mut found = Found::default();
    let (mut decided, mut jumped) = (0, 0);
    for round in 0..24 {
        let chars = random_anchors(&matcher, &mut next);
        let negation = round % 2 == 0;
        let Some(anchors) = matcher.anchors(&chars, negation) else {
            panic!("{chars:?} anchor every pattern");
        };
        for _ in 0..300 {
            let parts: Vec<String> = (0..1 + next(3))
                .map(|_| {
                    (0..next(16))
                        .map(|_| {
                            // The first two, long plain stretches, the more often.
                            let i = next(WINDOW_PIECES.len() + 6) % WINDOW_PIECES.len();
                            WINDOW_PIECES[i].repeat(1 + next(if i < 2 { 8 } else { 3 }))
                        })
                        .collect()
                })
                .collect();
            if let Some(skipped) =
                windowed_same_as_exact(&matcher, &parts, &anchors, negation, &mut found)
            {
                decided += 1;
                jumped += usize::from(skipped > 0);
            }
        }
    }
    // Random anchors are often common chars, or chars that many OpenCC phrases
    // begin with (sources of an anchor, where a jump stops): a few hundred texts
    // jump.
    assert!(
        decided > 4000 && jumped > 120,
        "{decided} decided, {jumped} jumped"
    );
}

#[test]
fn witnesses_far_from_the_anchors_are_jumped() {
    // Traditional phrases that convert otherwise than char by char (their runs hold
    // witnesses) far before and after a phrase, right before it in the same run,
    // and in the run a jump lands in: the walk jumps them, and finds what the exact
    // path finds.
    let matcher = Matcher::new(["无风险"]);
    let Some(anchors) = matcher.anchors(&['险'], false) else {
        panic!("险 anchors 无风险");
    };
    let mut found = Found::default();
    // The negators (不, 沒) a jump passes are not noted: they count the jumps.
    let far = "頭髮乾淨，不是一丁點乾淨的頭髮，沒有。".repeat(30);
    let texts = [
        format!("{far}無風險{far}"),
        format!("{far}一目瞭然，無風險一目瞭然{far}"),
        format!("{far}頭髮乾淨一目瞭然無風險"),
        format!("{far}乾淨乾淨乾淨乾淨乾淨乾淨無風險{far}"),
        format!("{}乾淨{}無風險", "好不".repeat(50), "好".repeat(4)),
        format!("{}乾淨無風險", "好不".repeat(50)),
    ];
    for text in texts {
        let parts = [text];
        let skipped = windowed_same_as_exact(&matcher, &parts, &anchors, false, &mut found);
        assert!(skipped.is_some_and(|s| s > 0), "{skipped:?} {parts:?}");
    }
}

#[test]
fn a_negator_within_reach_is_kept_one_beyond_it_may_be_jumped() {
    let matcher = Matcher::new(["保本保息"]);
    let mut found = Found::default();
    let reach = negation_reach();
    let with = matcher.anchors(&['息'], true);
    let without = matcher.anchors(&['息'], false);
    let (Some(with), Some(without)) = (with, without) else {
        panic!("息 anchors 保本保息");
    };
    // 没 and then `fillers` fillers (有) right before the phrase, far into the text.
    for fillers in 0..reach + 4 {
        let text = format!("{}没{}保本保息", "好".repeat(200), "有".repeat(fillers));
        let parts = [text];
        let (norm, occ, _) = exact(&matcher, &parts);
        let start = occ.first().map_or(0, |o| o.start);
        let negators: Vec<u32> = (0..)
            .zip(norm.text.chars())
            .filter(|&(_, c)| starts_negator(c))
            .map(|(i, _)| i)
            .collect();
        let tails: Vec<u32> = (0..)
            .zip(norm.text.chars())
            .filter(|&(_, c)| ends_negation_word(c))
            .map(|(i, _)| i)
            .collect();
        let negated = may_be_negated(&negators, &tails, start);
        // Within reach, the negation test must look: the window keeps the negator.
        assert_eq!(negated, fillers < reach, "{fillers}");
        let skipped = windowed_same_as_exact(&matcher, &parts, &with, true, &mut found);
        if negated {
            assert_eq!(skipped, Some(0), "{fillers}");
        } else {
            assert!(skipped.is_some(), "{fillers}");
        }
        // Without negation only the phrase's own length is kept: the negator is
        // jumped once it lies further back than that.
        let skipped = windowed_same_as_exact(&matcher, &parts, &without, false, &mut found);
        assert_eq!(skipped, Some(usize::from(fillers > 0)), "{fillers}");
    }
    // The stretches before and after the phrase are jumped, all but the last `lead`
    // chars before the anchor and before the end (which a phrase in a next part may
    // need): their negators are not noted, the phrase's place is exact.
    let text = format!("{}无风险的保本保息{}", "没有".repeat(100), "不".repeat(200));
    let parts = [text];
    let skipped = windowed_same_as_exact(&matcher, &parts, &with, true, &mut found);
    let lead = 4 + reach;
    assert!(skipped.is_some_and(|s| s > 300 - 2 * lead), "{skipped:?}");
}
