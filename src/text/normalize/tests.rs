//! Tests of `normalize`.

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
fn surname_shen_changes_only_in_phrases() {
    // 沈 is also the Simplified surname, so OpenCC only rewrites it inside
    // dictionary phrases (沈默, 沈厚 …).
    case("沈厚", "沉厚");
    case("沈默", "沉默");
    case("沈先生", "沈先生");
    // OpenCC 1.4 data that the old dictionaries lacked.
    case("擡頭", "抬头");
    case("狐貍", "狐狸");
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
    // A phrase: each Simplified char comes from the Traditional one it replaces.
    origins("很沈厚", "很沉厚", &[0, 1, 2]);
}

#[test]
fn compatibility_forms_go_through_nfkc_first() {
    // U+F972 is a compatibility form of 沈; only after NFKC is 沈厚 a phrase.
    origins("\u{F972}厚，", "沉厚", &[0, 1]);
    origins("沈厚！\u{F972}默", "沉厚沉默", &[0, 1, 3, 4]);
    case("e\u{301}沈厚", "é沉厚");
    case("㊙帳戶", "秘账户");
}

#[test]
fn fast_pass_agrees_with_nfkc_first() {
    for input in [
        "請問，客戶 服務經理！",
        "ＡＢ，帳戶。沈厚一目瞭然",
        "㎏銀 ½ ＶＩＰ卡５０００元",
        "𠀀𡃁𧹏 𝐀",
        "，，",
        "",
    ] {
        for (mapped, phrases) in [(true, true), (false, true), (true, false)] {
            let (nfkc, origin) = nfkc_mapped(input);
            let mut slow = Normalized::default();
            let fold = Fold {
                text: &nfkc,
                origins: Some(&origin),
                mapped,
                phrases,
                nfkc_done: true,
            };
            assert!(fold.run(&mut slow, 0).is_ok());
            let fast = normalize_with_new(input, mapped, phrases);
            assert_eq!(fast, slow, "{input:?} mapped={mapped} phrases={phrases}");
        }
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

/// The conversion as it was before phrases were looked for run by run: the whole
/// text searched for phrases whenever it holds a witness anywhere.
fn whole_text_search(input: &str, mapped: bool, phrases: bool) -> Normalized {
    fn fold(f: &Fold<'_>, out: &mut Normalized) -> Result<(), NeedsNfkc> {
        let cc = t2s();
        let (mut done, mut index) = (0, 0);
        if f.phrases && cc.phrases_may_matter(f.text) {
            for (range, value) in cc.phrases(f.text) {
                index = f.plain(cc, out, done..range.start, index)?;
                index = f.phrase(out, &f.text[range.clone()], value, index);
                done = range.end;
            }
        }
        f.plain(cc, out, done..f.text.len(), index).map(|_| ())
    }
    let mut out = Normalized::default();
    let phrases = phrases && !input.is_ascii();
    let fast = Fold {
        text: input,
        origins: None,
        mapped,
        phrases,
        nfkc_done: false,
    };
    if fold(&fast, &mut out).is_ok() {
        return out;
    }
    out = Normalized::default();
    let (nfkc, origin) = nfkc_mapped(input);
    let slow = Fold {
        text: &nfkc,
        origins: Some(&origin),
        mapped,
        phrases,
        nfkc_done: true,
    };
    assert!(fold(&slow, &mut out).is_ok());
    out
}

#[track_caller]
fn same_as_whole_text_search(input: &str) {
    for mapped in [true, false] {
        let mut out = Normalized::default();
        normalize_with(input, mapped, true, &mut out);
        assert_eq!(
            out,
            whole_text_search(input, mapped, true),
            "{input:?} mapped={mapped}"
        );
    }
}

#[test]
fn phrases_searched_run_by_run_convert_as_the_whole_text_does() {
    // Phrases are looked for only in runs of phrase chars that hold a witness; over
    // the whole dictionary, in every kind of neighbourhood (Simplified, a witness
    // right before or after, punctuation, another key), that converts the same.
    let keys: Vec<&str> = crate::text::t2s::tests_support::phrase_keys().collect();
    assert!(keys.len() > 400);
    for (i, key) in keys.iter().enumerate() {
        let next = keys[(i + 1) % keys.len()];
        for text in [
            key.to_string(),
            format!("您好{key}谢谢"),
            format!("瞭{key}"),
            format!("{key}瞭然"),
            format!("沈，{key}。一目瞭然"),
            format!("{key}{next}"),
            format!("{key} {next}！{key}"),
            format!("ＶＩＰ{key}\u{E000}{next}e\u{301}"),
            format!("\u{F972}{key}"),
        ] {
            same_as_whole_text_search(&text);
        }
    }
    for text in [
        "",
        "客戶服務經理",
        "鍊鎖鍊，沈厚，沈先生",
        "乾隆年間，一目瞭然的覆帳",
        "您好,请问您需要办理什么业务?",
    ] {
        same_as_whole_text_search(text);
    }
}

#[test]
fn joined_parts_normalise_as_the_joined_text() {
    let sep = '\u{E000}';
    let cases: &[&[&str]] = &[
        &[],
        &[""],
        &["", ""],
        &["您好，請問", "客戶服務經理！"],
        &["一目", "瞭然", "沈", "厚"],
        &["鍊鎖", "鍊"],
        &["\u{301}先生", "e\u{301}"],
        &["㎏銀", "ＡＢ，帳戶。", "\u{F972}厚"],
        &["ok", "VIP", " "],
    ];
    for parts in cases {
        let joined: String = parts.iter().flat_map(|p| [*p, "\u{E000}"]).collect();
        let mut out = Normalized::default();
        let mut starts = vec![7];
        normalize_joined_into(parts.iter().copied(), sep, &mut out, &mut starts);
        assert_eq!(out, normalize_mapped(&joined), "{parts:?}");
        let mut expected = Vec::new();
        let mut at = 0;
        for p in *parts {
            expected.push(at);
            at += p.chars().count() as u32 + 1;
        }
        assert_eq!(starts, expected, "{parts:?}");
    }
}
