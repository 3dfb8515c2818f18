//! Tests of `matcher`.

use super::*;
use crate::text::clause::Context;
use crate::text::normalize::normalize_mapped;

fn occ(phrase: u32, start: u32, end: u32) -> Occurrence {
    Occurrence { phrase, start, end }
}

/// Occurrences of `phrases` in `answer`, as (phrase, start, end).
fn find(phrases: &[&str], answer: &str) -> Vec<(u32, u32, u32)> {
    let matcher = Matcher::new(phrases.iter().copied());
    matcher
        .find(answer)
        .into_iter()
        .map(|o| (o.phrase, o.start, o.end))
        .collect()
}

/// Whether banned phrase 0 is hit in `answer` given except phrases 1.. .
#[track_caller]
fn case(phrases: &[&str], answer: &str, expected_hit: bool) {
    let matcher = Matcher::new(phrases.iter().copied());
    let found = matcher.find(answer);
    let except: Vec<u32> = (1..to_u32(phrases.len())).collect();
    assert_eq!(
        hit_outside(&found, 0, &except),
        expected_hit,
        "{phrases:?} in {answer:?}: {found:?}"
    );
    assert_eq!(hits_outside(&found, 0, &except).is_empty(), !expected_hit);
}

#[test]
fn finds_required_alternatives() {
    let phrases = ["请稍候", "请稍等", "马上为您办理"];
    assert_eq!(find(&phrases, "好的，請稍等。"), [(1, 2, 5)]);
    assert_eq!(find(&phrases, "您好"), []);
    assert_eq!(
        find(&phrases, "请稍候，马上为您办理"),
        [(0, 0, 3), (2, 3, 9)]
    );
}

#[test]
fn overlapping_occurrences_are_all_reported() {
    assert_eq!(
        find(&["服务费", "费太高"], "服务费太高了"),
        [(0, 0, 3), (1, 2, 5)]
    );
    assert_eq!(find(&["哈哈"], "哈哈哈"), [(0, 0, 2), (0, 1, 3)]);
}

#[test]
fn banned_with_except() {
    case(&["保证", "不保证"], "不保证收益", false);
    case(&["保证", "不保证"], "不保证收益,但保证本金", true);
    case(&["保证", "不保证"], "我们保证收益", true);
    // An except phrase that does not cover the banned one does not excuse it.
    case(&["保证", "保证金"], "保证收益", true);
    case(&["保证", "收益"], "保证收益", true);
    case(&["保证", "保证金"], "需要交保证金", false);
    // With no except phrases any occurrence counts.
    case(&["保证"], "保證", true);
    case(&["保证"], "包正", false);
}

#[test]
fn hits_outside_returns_spans() {
    let found = [occ(1, 0, 3), occ(0, 1, 3), occ(0, 6, 8)];
    assert_eq!(hits_outside(&found, 0, &[1]), [(6, 8)]);
    assert_eq!(hits_outside(&found, 0, &[]), [(1, 3), (6, 8)]);
    assert!(!hit_outside(&found, 2, &[]));
}

#[test]
fn traditional_and_simplified_meet() {
    assert_eq!(find(&["客户服务经理"], "我是客戶服務經理"), [(0, 2, 8)]);
    assert_eq!(find(&["客戶服務經理"], "我是客户服务经理"), [(0, 2, 8)]);
    assert_eq!(find(&["帳戶"], "您的賬戶"), [(0, 2, 4)]);
}

#[test]
fn phrase_converted_alone_still_matches_in_context() {
    // Alone, 鎖鍊 is a dictionary phrase (锁链); in 鍊鎖鍊 OpenCC first takes the
    // phrase 鍊鎖 (链锁) and converts the last 鍊 as a lone char (炼). The
    // char-by-char pattern 锁炼 catches it; the normal pattern still serves 鎖鍊.
    assert_eq!(normalize("鍊鎖鍊"), "链锁炼");
    assert_eq!(find(&["鎖鍊"], "鍊鎖鍊"), [(0, 1, 3)]);
    assert_eq!(find(&["鎖鍊"], "一條鎖鍊"), [(0, 2, 4)]);
}

#[test]
fn full_width_and_case() {
    assert_eq!(find(&["VIP卡"], "您的ＶＩＰ卡"), [(0, 2, 6)]);
    assert_eq!(find(&["ｖｉｐ"], "vip"), [(0, 0, 3)]);
}

#[test]
fn duplicate_and_empty_phrases() {
    let matcher = Matcher::new(["银行", "銀行", "，", ""]);
    assert_eq!(matcher.len(), 4);
    assert!(!matcher.is_empty());
    let found = matcher.find("去銀行，");
    assert_eq!(found, [occ(0, 1, 3), occ(1, 1, 3)]);
    assert!(Matcher::new([]).is_empty());
    assert_eq!(Matcher::new([]).find("银行"), []);
}

#[test]
fn counts_non_overlapping() {
    let matcher = Matcher::new(["李先生", "哈哈", "先生"]);
    let found = matcher.find("李先生，李先生好！李先生");
    assert_eq!(count_non_overlapping(&found, &[0]), 3);
    // 先生 inside 李先生 is not counted again: the longer one wins at each place.
    assert_eq!(count_non_overlapping(&found, &[0, 2]), 3);
    assert_eq!(count_non_overlapping(&found, &[2]), 3);
    let found = matcher.find("哈哈哈");
    assert_eq!(count_non_overlapping(&found, &[1]), 1);
    let found = matcher.find("哈哈哈哈");
    assert_eq!(count_non_overlapping(&found, &[1]), 2);
    assert_eq!(count_non_overlapping(&found, &[0]), 0);
    assert_eq!(count_non_overlapping(&[], &[0]), 0);
}

#[test]
fn maps_spans_back_to_the_original() {
    let text = normalize_mapped("您好，請問 ＶＩＰ 帳戶！");
    assert_eq!(text.text, "您好请问vip账户");
    let matcher = Matcher::new(["请问vip", "账户"]);
    let found = matcher.find("您好，請問 ＶＩＰ 帳戶！");
    assert_eq!(found, [occ(0, 2, 7), occ(1, 7, 9)]);
    assert_eq!(original_span(&text, 2, 7), (3, 9));
    assert_eq!(original_span(&text, 7, 9), (10, 12));
    assert_eq!(original_span(&text, 0, 2), (0, 2));
    // Empty and out-of-range spans stay inside the text.
    assert_eq!(original_span(&text, 9, 9), (12, 12));
    assert_eq!(original_span(&text, 5, 5), (7, 7));
    assert_eq!(original_span(&text, 8, 20), (11, 12));
    assert_eq!(original_span(&Normalized::default(), 0, 1), (0, 0));
}

#[test]
fn naive_search_agrees_with_automaton() {
    let patterns = vec!["哈哈".to_string(), "a".to_string()];
    let mut found = Vec::new();
    naive_search(&patterns, "哈哈哈aa", &mut |p, s, e| {
        found.push((p, s, e))
    });
    assert_eq!(found, [(0, 0, 6), (0, 3, 9), (1, 9, 10), (1, 10, 11)]);
}

/// The same phrases matched on UTF-8, as when they hold too many distinct chars.
fn on_utf8(m: &Matcher) -> Matcher {
    Matcher {
        symbols: None,
        automaton: dfa(&m.patterns),
        ..m.clone()
    }
}

#[test]
fn symbols_and_utf8_find_the_same() {
    let phrases = [
        "请稍候",
        "哈哈",
        "a",
        "VIP卡",
        "𠀀x",
        "服务费",
        "费太高",
        "鎖鍊",
        "e\u{301}",
        "您",
    ];
    let matcher = Matcher::new(phrases);
    assert!(matcher.symbols.is_some());
    let utf8 = on_utf8(&matcher);
    let naive = Matcher {
        symbols: None,
        automaton: None,
        ..matcher.clone()
    };
    for answer in [
        "",
        "哈哈哈aa",
        "請稍候，服务费太高了",
        "您的ＶＩＰ卡,𠀀X𠀀x",
        "鍊鎖鍊，一條鎖鍊",
        "cafe\u{301}您您",
        "\u{E000}哈\u{E000}哈哈",
    ] {
        let found = matcher.find(answer);
        assert_eq!(found, utf8.find(answer), "{answer:?}");
        assert_eq!(found, naive.find(answer), "{answer:?}");
    }
    let mut reused = vec![occ(9, 9, 9)];
    let text = normalize_mapped("哈哈");
    let raw = || "哈哈".to_owned();
    matcher.occurrences_into(&Context::new(&raw, &text), &mut reused);
    assert_eq!(reused, [occ(1, 0, 2)]);
}

#[test]
fn too_many_distinct_chars_fall_back_to_utf8() {
    // 300 distinct chars cannot be numbered in a byte.
    let phrases: Vec<String> = (0..150u32)
        .map(|i| {
            let a = char::from_u32(0x4E00 + 2 * i).unwrap_or('一');
            let b = char::from_u32(0x4E01 + 2 * i).unwrap_or('一');
            format!("{a}{b}")
        })
        .collect();
    let matcher = Matcher::new(phrases.iter().map(String::as_str));
    assert!(matcher.symbols.is_none() && matcher.automaton.is_some());
    let answer = format!("x{}{}", phrases[0], phrases[149]);
    assert_eq!(matcher.find(&answer), [occ(0, 1, 3), occ(149, 3, 5)]);
}

#[test]
fn gapped_phrases_match_in_order_within_the_gap_and_one_clause() {
    #[track_caller]
    fn case(phrase: &str, answer: &str, expected: &[(u32, u32)]) {
        let spans: Vec<(u32, u32)> = Matcher::new([phrase])
            .find(answer)
            .into_iter()
            .map(|o| (o.start, o.end))
            .collect();
        assert_eq!(spans, expected, "{phrase} in {answer:?}");
    }
    // The span covers the whole match, gap included.
    case("理解…心情", "我理解您现在的心情", &[(1, 9)]);
    case("理解…心情", "理解心情", &[(0, 4)]);
    case("请您…填写", "请您把这张单子重新填写一下", &[(0, 11)]);
    case("请您...填写", "请您重新填写", &[(0, 6)]);
    case("请您……填写", "请您重新填写", &[(0, 6)]);
    case("谢谢…来电…再见", "谢谢您的来电,再见", &[]);
    case("谢谢…来电…再见", "谢谢您的来电再见", &[(0, 8)]);
    // At most MAX_GAP (8) chars between segments.
    case("理解…心情", "理解一二三四五六七八心情", &[(0, 12)]);
    case("理解…心情", "理解一二三四五六七八九心情", &[]);
    // Not across a clause break, nor out of order.
    case("理解…心情", "我理解。您的心情", &[]);
    case("理解…心情", "我理解,您的心情", &[]);
    case("理解…心情", "心情我理解", &[]);
    // Traditional and full-width text is normalised first.
    case("理解…心情", "我理解您的心情", &[(1, 7)]);
    case("理解…心情", "我理解您的心情", &[(1, 7)]);
    // A leading or trailing mark is no gap.
    case("…您好", "您好", &[(0, 2)]);
}

#[test]
fn splits_phrases_at_gap_marks() {
    assert_eq!(gap_segments("理解…心情"), ["理解", "心情"]);
    assert_eq!(gap_segments("请您...填写"), ["请您", "填写"]);
    assert_eq!(gap_segments("您好。"), ["您好。"]);
    assert_eq!(gap_segments("…"), ["…"]);
}

/// Hits of banned phrase 0 (rules `rules`, except phrases 1..) in `answer`.
#[track_caller]
fn banned_case(phrases: &[&str], rules: BanRules, answer: &str, expected_hit: bool) {
    let matcher = Matcher::new(phrases.iter().copied());
    let text = normalize_mapped(answer);
    let raw = || answer.to_owned();
    let ctx = Context::new(&raw, &text);
    let found = matcher.occurrences(&ctx);
    let except: Vec<u32> = (1..to_u32(phrases.len())).collect();
    let hit = !banned_spans(&found, 0, &except, rules, &ctx).is_empty();
    assert_eq!(hit, expected_hit, "{phrases:?} {rules:?} in {answer:?}");
}

#[test]
fn banned_unless_negated() {
    let rules = BanRules {
        unless_negated: true,
        clause: true,
        alone: false,
    };
    for disclosure in [
        "收益没有保证",
        "我们不作保证",
        "这个没法保证",
        "银行并不保证收益",
        "我不能给您保证",
        "谁也不敢保证",
        "这个我保证不了",
        "不保证收益",
    ] {
        banned_case(&["保证"], rules, disclosure, false);
    }
    banned_case(&["稳赚"], rules, "没有稳赚的", false);
    for claim in [
        "我保证",
        "保证收益",
        "不保证收益,但保证本金",
        "放心,我保证不亏",
    ] {
        banned_case(&["保证"], rules, claim, true);
    }
    banned_case(&["稳赚"], rules, "这款稳赚", true);
    // `except` works as before alongside.
    banned_case(&["保证", "保证金"], rules, "融资要交保证金", false);
    // Without the opt-in, a negated form is a hit as spec §2 first said.
    banned_case(&["保证"], BanRules::default(), "收益没有保证", true);
}

#[test]
fn banned_within_one_clause() {
    let clause = BanRules {
        unless_negated: false,
        clause: true,
        alone: false,
    };
    // The polite "I wonder whether…" is excused; a curt "don't know" is not, even
    // when the next clause starts like the excuse.
    banned_case(&["不知道", "不知道您"], clause, "不知道您方便吗", false);
    banned_case(
        &["不知道", "不知道您"],
        clause,
        "不知道,您去问大堂经理吧",
        true,
    );
    // Without the opt-in the except phrase matches across the comma, as before.
    banned_case(
        &["不知道", "不知道您"],
        BanRules::default(),
        "不知道,您去问大堂经理吧",
        false,
    );
    // A phrase split by a clause break is no hit under `clause`.
    banned_case(&["你好"], clause, "你,好好想想", false);
    banned_case(&["你好"], BanRules::default(), "你,好好想想", true);
}

#[test]
fn required_not_met_when_negated() {
    #[track_caller]
    fn case(alts: &[&str], answer: &str, expected: bool) {
        let matcher = Matcher::new(alts.iter().copied());
        let text = normalize_mapped(answer);
        let raw = || answer.to_owned();
        let ctx = Context::new(&raw, &text);
        let found = matcher.occurrences(&ctx);
        let ids: Vec<u32> = (0..to_u32(alts.len())).collect();
        assert_eq!(
            required_met(&found, &ids, &matcher, &ctx),
            expected,
            "{alts:?} in {answer:?}"
        );
    }
    case(&["风险"], "这款基本没风险", false);
    case(&["风险"], "这款有风险", true);
    case(&["风险"], "没风险是不可能的,这款有风险", true);
    case(&["风险提示"], "没有风险提示", false);
    case(&["评估"], "不需要评估", false);
    // A negative form is itself the phrase.
    case(&["不好意思"], "真不好意思", true);
    case(&["不保证"], "我们不保证收益", true);
    case(&["方便", "不方便"], "有没有什么不方便的地方?", true);
    // A question asserts nothing.
    case(&["麻烦"], "您没遇到什么麻烦吧?", true);
    case(&["理解…心情"], "我不理解您的心情", false);
    case(&["理解…心情"], "我理解您的心情", true);
}

#[test]
fn banned_alone_only_when_it_is_all_the_answer_says() {
    let alone = BanRules {
        unless_negated: false,
        clause: true,
        alone: true,
    };
    for flat in [
        "不可以的",
        "亲,不可以的哦",
        "抱歉,是不可以的",
        "您好,抱歉是不可以的。",
        "这种不可以的",
    ] {
        banned_case(&["不可以的"], alone, flat, true);
    }
    for reasoned in [
        "不可以的,发票是按实际支付金额开的",
        "不可以的,仅支持快递寄回",
        "八月份是不可以的,可以推迟到十号",
    ] {
        banned_case(&["不可以的"], alone, reasoned, false);
    }
}

#[test]
fn many_phrases_use_an_nfa_with_the_same_answers() {
    let phrases: Vec<String> = (0..MAX_DFA_PATTERNS as u32 + 10)
        .map(|i| format!("p{i}q"))
        .collect();
    let matcher = Matcher::new(phrases.iter().map(String::as_str));
    assert!(matcher.symbols.is_none() && matcher.automaton.is_some());
    assert_eq!(matcher.find("xp7qp4009q"), [occ(7, 1, 4), occ(4009, 4, 10)]);
}

/// The cached forms of a phrase are what normalising it says, whatever marks it
/// holds (a lone `.` is no gap), and the quick matcher finds what the regular finds
/// (one-char phrases and phrases at the end of a text too).
#[test]
fn cached_forms_and_the_quick_matcher_agree_with_the_definitions() {
    let phrases = [
        "3.5%",
        "a.b",
        "理解…心情",
        "…您好",
        "您好…",
        "...",
        "…",
        "理解...着急",
        "麻烦…给我…签",
        "保本",
        "保證收益",
        "ＡＢＣ",
        "不保本",
        "好",
        "签",
        "",
    ];
    for p in phrases {
        let direct: Vec<String> = gap_segments(p).into_iter().map(normalize).collect();
        assert_eq!(phrase_key(p), direct.join("…"), "{p}");
        let f = forms(p);
        assert_eq!(f.normal, normalize(p), "{p}");
        assert_eq!(f.negative, is_negative_form(&f.normal), "{p}");
        assert_eq!(
            f.charwise.clone().unwrap_or_else(|| f.normal.clone()),
            normalize_charwise(p)
        );
        let segments = gap_segments(p);
        let expected: Vec<&str> = if segments.len() < 2 {
            Vec::new()
        } else {
            segments
        };
        assert_eq!(
            f.segments.iter().map(|s| &**s).collect::<Vec<_>>(),
            expected,
            "{p}"
        );
    }
    let regular = Matcher::new(phrases);
    let quick = Matcher::quick(phrases);
    for text in [
        "利率3.5%,理解您的心情,您好",
        "a.b a.b,保證收益不保本",
        "麻烦您给我签个字,理解,着急",
        "ABC abc ＡＢＣ",
        // One-char phrases, a phrase that ends the text, a text of one char.
        "好好,您好",
        "签",
        "保本",
    ] {
        assert_eq!(quick.find(text), regular.find(text), "{text}");
    }
}
