//! Text normalisation (spec §2): turns an answer or a phrase into the form both are
//! matched in — Unicode NFKC, Traditional → Simplified with OpenCC's `t2s` dictionaries,
//! ASCII lower-case, whitespace and punctuation removed — and keeps, for every
//! normalised char, the index of the original char it came from, so a match can be
//! shown in the answer the trainee actually typed. `您` and `你` stay distinct.

use std::sync::OnceLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// Normalised text plus, for each char of `text`, the index (in chars, i.e. Unicode
/// scalar values) of the original char it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pub origin: Vec<u32>,
}

/// The normalised form of `s`; the same as `normalize_mapped(s).text`.
pub fn normalize(s: &str) -> String {
    normalize_mapped(s).text
}

/// Normalises `s` and records where every output char came from.
pub fn normalize_mapped(s: &str) -> Normalized {
    if s.is_ascii() {
        return ascii_mapped(s);
    }
    let (nfkc, nfkc_origin) = nfkc_mapped(s);
    let mut out = Normalized {
        text: String::with_capacity(nfkc.len()),
        origin: Vec::with_capacity(nfkc_origin.len()),
    };
    // Full-width ASCII becomes plain ASCII under NFKC; such text has nothing to convert.
    let converter = if nfkc.is_ascii() { None } else { t2s() };
    let Some(cc) = converter else {
        finish_into(&mut out, nfkc.chars().zip(nfkc_origin.iter().copied()));
        return out;
    };
    // The whole string goes through OpenCC at once so its phrase dictionary sees every
    // word in context; punctuation is still present, so no phrase can span a comma.
    let converted = cc.convert(&nfkc);
    if converted.chars().count() == nfkc_origin.len() {
        finish_into(&mut out, converted.chars().zip(nfkc_origin.iter().copied()));
    } else {
        convert_by_runs(cc, &nfkc, &nfkc_origin, &mut out);
    }
    out
}

/// Phrase-side helper for the matcher: like [`normalize`], but every char goes through
/// the Traditional → Simplified conversion on its own, without phrase context.
pub(crate) fn normalize_charwise(s: &str) -> String {
    let (nfkc, _) = nfkc_mapped(s);
    let Some(cc) = t2s().filter(|_| !nfkc.is_ascii()) else {
        return normalize(&nfkc);
    };
    let mut converted = String::with_capacity(nfkc.len());
    let mut buf = [0u8; 4];
    for c in nfkc.chars() {
        converted.push_str(&cc.convert(c.encode_utf8(&mut buf)));
    }
    let mut out = Normalized::default();
    finish_into(&mut out, converted.chars().map(|c| (c, 0)));
    out.text
}

/// The shared converter. Building it parses the embedded dictionaries, so it happens
/// once per process. It can only fail if the crate was built without its data; matching
/// then still works for Simplified text, which beats refusing to run.
fn t2s() -> Option<&'static OpenCC> {
    static T2S: OnceLock<Option<OpenCC>> = OnceLock::new();
    T2S.get_or_init(|| OpenCC::from_config(BuiltinConfig::T2s).ok())
        .as_ref()
}

/// Chars that carry no meaning for matching: whitespace and Unicode punctuation
/// (categories Pc Pd Ps Pe Pi Pf Po). ASCII symbols such as `$` or `+` are kept.
fn is_removed(c: char) -> bool {
    c.is_whitespace() || c.general_category_group() == GeneralCategoryGroup::Punctuation
}

/// OpenCC's `t2s` maps 帳 to 帐 but 賬 to 账, so 帳戶 and 賬戶 would normalise apart;
/// folding 帐 into 账 makes 帳戶, 賬戶, 帐户 and 账户 one word. Matching applies it to
/// answer and phrase alike, so the rarer "tent" sense of 帐 (蚊帐) still matches itself.
fn fix_up(c: char) -> char {
    match c {
        '帐' => '账',
        _ => c,
    }
}

/// ASCII needs neither NFKC nor T2S, only case folding and filtering; this path keeps
/// the common all-English or all-digit answer cheap.
fn ascii_mapped(s: &str) -> Normalized {
    let mut out = Normalized {
        text: String::with_capacity(s.len()),
        origin: Vec::with_capacity(s.len()),
    };
    for (i, b) in s.bytes().enumerate() {
        let c = char::from(b);
        if !is_removed(c) {
            out.text.push(c.to_ascii_lowercase());
            out.origin.push(to_u32(i));
        }
    }
    out
}

/// Final step shared by every path: fix-up, ASCII lower-case, drop removed chars.
fn finish_into(out: &mut Normalized, chars: impl Iterator<Item = (char, u32)>) {
    for (c, origin) in chars {
        if !is_removed(c) {
            out.text.push(fix_up(c).to_ascii_lowercase());
            out.origin.push(origin);
        }
    }
}

/// NFKC, one cluster (a starter and the combining chars after it) at a time, so each
/// output char can be traced to the original char that began its cluster. Composition
/// between two starters (Hangul LV + T jamo) is therefore not performed; Chinese text
/// never needs it.
fn nfkc_mapped(s: &str) -> (String, Vec<u32>) {
    let mut text = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len());
    let mut flush = |cluster: &str, index: usize| {
        let index = to_u32(index);
        let mut chars = cluster.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes
        {
            text.push(c);
            origin.push(index);
            return;
        }
        for c in cluster.nfkc() {
            text.push(c);
            origin.push(index);
        }
    };
    // (byte offset, char index) of the first char of the cluster being collected
    let mut start: Option<(usize, usize)> = None;
    for (index, (byte, c)) in s.char_indices().enumerate() {
        if canonical_combining_class(c) != 0 {
            start.get_or_insert((byte, index));
            continue;
        }
        if let Some((b, i)) = start {
            flush(&s[b..byte], i);
        }
        start = Some((byte, index));
    }
    if let Some((b, i)) = start {
        flush(&s[b..], i);
    }
    (text, origin)
}

/// Fallback when OpenCC changed the number of chars: convert each run between removed
/// chars on its own (removed chars never belong to a dictionary phrase, so the result is
/// the same) and, where a run still changes length, trace all its output to the run's
/// first char — coarser, but never wrong about which part of the answer matched.
fn convert_by_runs(cc: &OpenCC, nfkc: &str, nfkc_origin: &[u32], out: &mut Normalized) {
    // (byte offset, index into nfkc_origin) of the run being collected
    let mut run: Option<(usize, usize)> = None;
    let flush = |out: &mut Normalized, text: &str, first: usize, end: usize| {
        let converted = cc.convert(text);
        if converted.chars().count() == end - first {
            finish_into(
                out,
                converted
                    .chars()
                    .zip(nfkc_origin[first..end].iter().copied()),
            );
        } else {
            let origin = nfkc_origin[first];
            finish_into(out, converted.chars().map(|c| (c, origin)));
        }
    };
    for (index, (byte, c)) in nfkc.char_indices().enumerate() {
        if is_removed(c) {
            if let Some((b, i)) = run.take() {
                flush(out, &nfkc[b..byte], i, index);
            }
        } else if run.is_none() {
            run = Some((byte, index));
        }
    }
    if let Some((b, i)) = run {
        flush(out, &nfkc[b..], i, nfkc_origin.len());
    }
}

/// Texts longer than 4 Gi chars cannot occur in an answer; saturate rather than wrap.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(input: &str, expected: &str) {
        assert_eq!(normalize(input), expected, "normalize({input:?})");
        let mapped = normalize_mapped(input);
        assert_eq!(mapped.text, expected, "normalize_mapped({input:?}).text");
        assert_eq!(
            mapped.origin.len(),
            mapped.text.chars().count(),
            "one origin per char for {input:?}"
        );
    }

    #[track_caller]
    fn origins(input: &str, expected_text: &str, expected_origin: &[u32]) {
        let mapped = normalize_mapped(input);
        assert_eq!(mapped.text, expected_text, "text of {input:?}");
        assert_eq!(mapped.origin, expected_origin, "origins of {input:?}");
    }

    #[test]
    fn traditional_becomes_simplified() {
        case("客戶服務經理", "客户服务经理");
        case("請稍候", "请稍候");
        case("銀行", "银行");
        case("謝謝", "谢谢");
        case("賬戶", "账户");
        case("沈默", "沉默");
        case("我們的理財產品", "我们的理财产品");
        case("一目瞭然", "一目了然");
    }

    #[test]
    fn account_spellings_meet() {
        // OpenCC alone gives 帳戶 → 帐户; the fix-up table makes all four one word.
        case("帳戶", "账户");
        case("賬戶", "账户");
        case("帐户", "账户");
        case("账户", "账户");
    }

    #[test]
    fn surname_shen_is_left_alone() {
        // 沈 is also the Simplified surname, so OpenCC only rewrites it inside
        // dictionary phrases (沈默, 沈沒 …); 沈厚 is not one of them.
        case("沈厚", "沈厚");
        case("沈先生", "沈先生");
    }

    #[test]
    fn full_width_forms() {
        case("ＡＢＣ１２３，ｏｋ！　", "abc123ok");
        case("ＶＩＰ客戶", "vip客户");
        case("５０００元", "5000元");
    }

    #[test]
    fn chinese_punctuation_removed() {
        case("（，。、？！“”《》【】…—）", "");
        case("您好，請問：有什麼可以幫您？", "您好请问有什么可以帮您");
        case("「理財」『產品』", "理财产品");
        case("‘单’・〈双〉", "单双");
    }

    #[test]
    fn whitespace_removed() {
        case(" 您 好\t\n\u{3000}先生\u{a0}", "您好先生");
        case("", "");
        case(" \t\n", "");
    }

    #[test]
    fn ascii_case_folding_only() {
        case("VIP Card", "vipcard");
        case("ATM-Machine!", "atmmachine");
        // ASCII symbols are not punctuation and stay.
        case("1+1=2 $5", "1+1=2$5");
        // Only ASCII is folded: Greek capitals survive (NFKC does not fold case).
        case("ΣΑ", "ΣΑ");
    }

    #[test]
    fn nin_and_ni_stay_apart() {
        case("您", "您");
        case("你", "你");
        assert_ne!(normalize("您好"), normalize("你好"));
    }

    #[test]
    fn combining_marks_compose() {
        case("cafe\u{301}", "café");
        case("\u{301}x", "\u{301}x");
    }

    #[test]
    fn origins_follow_original_chars() {
        origins("ＡＢ，客戶。", "ab客户", &[0, 1, 3, 4]);
        origins("請 稍候！", "请稍候", &[0, 2, 3]);
        origins("Hi, 銀行", "hi银行", &[0, 1, 4, 5]);
        // Decomposed é: both chars of the cluster come from the base letter.
        origins("e\u{301}！帳", "é账", &[0, 3]);
        // One char expanding under NFKC: every piece points back to it.
        origins("㎏銀", "kg银", &[0, 0, 1]);
    }

    #[test]
    fn run_by_run_fallback_agrees_with_whole_string() {
        // OpenCC's t2s data never changes a length, so exercise the fallback directly.
        let Some(cc) = t2s() else {
            panic!("the t2s dictionaries are built into ferrous-opencc");
        };
        for input in [
            "請問，客戶 服務經理！",
            "ＡＢ，帳戶。",
            "一目瞭然",
            "，，",
            "",
        ] {
            let (nfkc, origin) = nfkc_mapped(input);
            let mut out = Normalized::default();
            convert_by_runs(cc, &nfkc, &origin, &mut out);
            assert_eq!(out, normalize_mapped(input), "{input:?}");
        }
    }

    #[test]
    fn charwise_conversion_ignores_phrase_context() {
        assert_eq!(normalize_charwise("客戶，服務"), "客户服务");
        assert_eq!(normalize_charwise("ＡＢＣ"), "abc");
        // OpenCC turns 瞭 into 了 only inside phrases such as 一目瞭然.
        assert_eq!(normalize("一目瞭然"), "一目了然");
        assert_eq!(normalize_charwise("一目瞭然"), "一目瞭然");
    }
}
