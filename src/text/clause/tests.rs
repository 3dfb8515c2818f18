//! Tests of `clause`: breaks, and negation in both directions.

use super::*;
use crate::text::normalize::{normalize, normalize_mapped};

/// Calls `check` with the context of `answer` and the normalised span of the first
/// occurrence of `phrase` in it.
#[track_caller]
fn at_phrase<R>(answer: &str, phrase: &str, check: impl FnOnce(&Context<'_>, u32, u32) -> R) -> R {
    let text = normalize_mapped(answer);
    let raw = || answer.to_owned();
    let ctx = Context::new(&raw, &text);
    let phrase = normalize(phrase);
    let byte = text
        .text
        .find(&phrase)
        .unwrap_or_else(|| panic!("{phrase} not in {answer}"));
    let start = text.text[..byte].chars().count() as u32;
    check(&ctx, start, start + phrase.chars().count() as u32)
}

/// Whether `phrase` is negated at its first occurrence in `answer`.
#[track_caller]
fn negated(answer: &str, phrase: &str, expected: bool) {
    let got = at_phrase(answer, phrase, |ctx, start, end| {
        ctx.negated(start) || ctx.negated_after(end)
    });
    assert_eq!(got, expected, "{phrase} in {answer:?}");
}

#[test]
fn negated_right_before() {
    negated("这款基本没风险", "风险", true);
    negated("没有风险提示", "风险提示", true);
    negated("这个不需要评估", "评估", true);
    negated("没有任何风险", "风险", true);
    negated("几乎没什么风险", "风险", true);
    negated("收益没有保证", "保证", true);
    negated("我们不作保证", "保证", true);
    negated("这个没法保证", "保证", true);
    negated("银行并不保证收益", "保证", true);
    negated("我不能给您保证", "保证", true);
    negated("没有稳赚的", "稳赚", true);
    negated("谁也不敢保证", "保证", true);
    negated("收益我保证不了", "保证", true);
    negated("非保本产品", "保本", true);
}

#[test]
fn not_negated() {
    negated("我保证收益", "保证", false);
    negated("保证收益", "保证", false);
    // The negator belongs to another clause.
    negated("不保本,有风险", "风险", false);
    negated("不保本，风险自担", "风险", false);
    negated("不保证收益,但保证本金", "本金", false);
    negated("没有。风险是有的", "风险", false);
    // A-not-A asks, it does not negate.
    negated("您有没有风险方面的顾虑", "风险", false);
    negated("这是不是存款", "存款", false);
    // A negator inside a fixed word negates nothing after it.
    negated("对不起请您稍等", "请", false);
    negated("差不多有风险", "风险", false);
    // Too far back, or not through filler words.
    negated("不保本有风险", "风险", false);
    negated("我不是说没保障而是有风险", "风险", false);
    negated("您以前没做过风险测评吧", "风险测评", false);
}

#[test]
fn breaks_fall_at_clause_punctuation_and_spaces_between_chinese() {
    #[track_caller]
    fn case(answer: &str, expected: &[u32]) {
        let text = normalize_mapped(answer);
        assert_eq!(breaks(answer, &text).at, expected, "{answer:?}");
    }
    case("不知道,您去问", &[3]);
    case("不知道您去问", &[]);
    case("不知道 您去问", &[3]);
    case("收益 5% 左右", &[2, 3]);
    case("vip 账户", &[3]);
    case("vip card", &[]);
    case("“理财非存款”", &[]);
    case("好的。", &[]);
    case("好？是的", &[1]);
}

#[test]
fn questions_assert_nothing() {
    #[track_caller]
    fn case(answer: &str, at: u32, expected: bool) {
        let text = normalize_mapped(answer);
        let raw = || answer.to_owned();
        assert_eq!(
            Context::new(&raw, &text).in_question(at),
            expected,
            "{answer:?} @{at}"
        );
    }
    case("有没有不方便的地方?", 3, true);
    case("您没遇到什么麻烦吧", 4, true);
    case("这款没风险。您买吗?", 3, false);
    case("这款没风险。您买吗?", 6, true);
    case("没有风险", 2, false);
}

#[test]
fn negative_forms() {
    assert!(is_negative_form("不好意思"));
    assert!(is_negative_form("不保证"));
    assert!(is_negative_form("没问题"));
    assert!(!is_negative_form("风险"));
}

#[test]
fn questioned_forms_claim_nothing() {
    #[track_caller]
    fn case(answer: &str, phrase: &str, expected: bool) {
        let got = at_phrase(answer, phrase, |ctx, start, _| ctx.questioned(start));
        assert_eq!(got, expected, "{phrase} in {answer:?}");
    }
    case("看清有没有写明保本", "保本", true);
    case("写没写保本", "保本", true);
    case("您担心会不会亏", "不会亏", true);
    case("这款是否保本要看合同", "保本", true);
    case("这款保本", "保本", false);
    case("有没有问题,这款保本", "保本", false);
    case("这款不会亏", "不会亏", false);
    // The first of two alternatives is asked about, not claimed.
    case("看收益是承诺的还是只作参考的", "承诺", true);
    case("这款保证收益,还是挺高的", "保证", false);
}

#[test]
fn the_bits_of_negation_chars_agree_with_the_lists() {
    let w = &*super::WORDS;
    assert!(!w.negator_chars.is_empty() && !w.tail_chars.is_empty());
    let mut set = 0;
    for c in (0..0x1_1000).filter_map(char::from_u32) {
        let negator = w.negator_chars.binary_search(&c).is_ok();
        let tail = w.tail_chars.binary_search(&c).is_ok();
        assert_eq!(super::starts_negator(c), negator, "{c:?}");
        assert_eq!(super::ends_negation_word(c), tail, "{c:?}");
        set += usize::from(negator) + usize::from(tail);
    }
    assert_eq!(set, w.negator_chars.len() + w.tail_chars.len());
    assert!(super::starts_negator('不') && super::starts_negator('没'));
}
