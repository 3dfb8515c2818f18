//! The fused search finds what normalising into a copy and matching it finds: the
//! same occurrences, placed at the same raw chars, with the same negation words.

use super::*;
use crate::text::clause::{Context, PART_SEPARATOR, ends_negation_word, starts_negator};
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
