//! Tests of `t2s`.

use super::*;

#[track_caller]
fn case(input: &str, expected: &str) {
    assert_eq!(t2s().convert(input), expected, "t2s({input:?})");
}

/// The text of `tables.rs`: the char conversion and the canonical chars.
fn render() -> String {
    let chars = char_map();
    let sorted = |map: &HashMap<char, char>| {
        let mut pairs: Vec<(char, char)> = map.iter().map(|(&k, &v)| (k, v)).collect();
        pairs.sort_unstable();
        pairs
    };
    let mut out = crate::text::generated::header(
        "//! The char tables of Traditional → Simplified conversion, worked out from the\n\
         //! OpenCC dictionaries in `data/opencc/` and compiled in, so that start-up parses\n\
         //! and joins none of them.",
        "src/text/t2s/tests.rs",
    );
    out.push_str(
        "/// (char, Simplified form) of every char the conversion changes, in order.\n\
         #[rustfmt::skip]\n\
         pub(super) static CHARS: &[(char, char)] = &[\n",
    );
    out.push_str(&crate::text::generated::char_pairs(&sorted(&chars)));
    out.push_str(
        "];\n\n\
         /// (char, canonical char) of every char that has another one (see `canon`), in\n\
         /// order.\n\
         #[rustfmt::skip]\n\
         pub(super) static CANON: &[(char, char)] = &[\n",
    );
    out.push_str(&crate::text::generated::char_pairs(&sorted(&canon_map(
        &chars,
    ))));
    out.push_str("];\n");
    out
}

#[test]
fn tables_are_current() {
    crate::text::generated::assert_current("src/text/t2s/tables.rs", &render());
}

#[test]
fn tables_parse_completely() {
    for (data, expected) in [
        (PHRASES, 477),
        (CHARACTERS, 4148),
        (CHARACTERS_EXT, 895),
        (TW_VARIANTS_REV, 41),
        (HK_VARIANTS_REV, 74),
    ] {
        assert_eq!(entries(data).count(), expected);
    }
    assert_eq!(char_entries(CHARACTERS).count(), 4148);
    assert_eq!(char_entries(CHARACTERS_EXT).count(), 895);
    let t = t2s();
    assert!(t.automaton().is_some(), "the phrase automaton builds");
    assert_eq!(t.phrase_values.len(), 477 + REGIONAL_PHRASES.len());
    // TSCharacters plus the regional variants; Ext only overrides existing keys.
    let dense = t.dense.iter().filter(|&&c| c != '\0').count();
    assert_eq!(
        dense + t.other.len(),
        4148 + REGIONAL_VARIANTS.chars().count()
    );
}

#[test]
fn malformed_lines_are_skipped() {
    let data = "# comment\n\nno tab\n\t空\n鍵\t\n長鍵\t长 键\n甲\t乙 丙\n";
    assert_eq!(
        entries(data).collect::<Vec<_>>(),
        [("長鍵", "长"), ("甲", "乙")]
    );
    assert_eq!(char_entries(data).collect::<Vec<_>>(), [('甲', '乙')]);
}

#[test]
fn chars_and_phrases() {
    case("", "");
    case("客戶服務經理", "客户服务经理");
    case("擡頭", "抬头");
    case("狐貍", "狐狸");
    // 沈 is also the Simplified surname: only phrases rewrite it.
    case("沈厚", "沉厚");
    case("沈默", "沉默");
    case("沈先生", "沈先生");
    case("一目瞭然", "一目了然");
    case("瞭", "瞭");
    case("帳戶", "帐户");
    case("賬戶", "账户");
    // Forward maximum matching: 鍊鎖 is taken first, the last 鍊 goes alone.
    case("鍊鎖鍊", "链锁炼");
    case("Hi，銀行！", "Hi，银行！");
}

#[test]
fn regional_variants() {
    case("衞生", "卫生");
    case("屋簷", "屋檐");
    case("枱", "台");
    // Variants that would break Simplified text are left alone.
    case("显著", "显著");
    case("什么", "什么");
}

#[test]
fn simplified_text_is_unchanged() {
    for text in [
        "您好，欢迎光临，请问有什么可以帮您？",
        "请您稍候，我马上为您查询一下账户余额。",
        "这款理财产品的风险等级是R2，不保证收益，过往业绩不代表未来表现。",
        "只要台里才干的后面系统发布了，沈先生就着手准备。",
        "显著著作，里面几乎没有么",
    ] {
        case(text, text);
    }
}

#[test]
fn supplementary_plane_chars() {
    // TSCharactersExt overrides TSCharacters for chars beyond the BMP.
    for (k, v) in char_entries(CHARACTERS_EXT) {
        assert_eq!(t2s().char(k), v, "{k}");
    }
}

#[test]
fn phrases_are_skipped_only_where_they_cannot_matter() {
    let t = t2s();
    // Everyday Simplified service talk has no witness, so no phrase search.
    for text in [
        "您好,请问您需要办理什么业务?",
        "这款理财产品不保证收益,您看怎么样",
        "什么怎么多么",
    ] {
        assert!(!t.phrases_may_matter(text), "{text}");
    }
    for text in ["沈厚", "一目瞭然", "身分證"] {
        assert!(t.phrases_may_matter(text), "{text}");
    }
    // 乾隆 keeps 乾, which the canonical char makes 干 again: no phrase search.
    assert!(!t.phrases_may_matter("乾隆"));
    // Over the whole dictionary, in a Simplified context on both sides: wherever
    // the search is skipped, converting with phrases gives the same canonical text.
    for key in PHRASES.lines().filter_map(|l| l.split('\t').next()) {
        if key.starts_with('#') || key.is_empty() {
            continue;
        }
        let text = format!("您好{key}谢谢");
        if !t.phrases_may_matter(&text) {
            let canonical = |s: &str| s.chars().map(|c| t.canonical(c)).collect::<String>();
            let charwise: String = text.chars().map(|c| t.char(c)).collect();
            assert_eq!(canonical(&t.convert(&text)), canonical(&charwise), "{key}");
        }
    }
}

#[test]
fn phrase_keys_hold_no_separator_whitespace_punctuation_or_ascii() {
    // Parts of a conversation are joined with U+E000, and a phrase never spans
    // one; normalisation drops whitespace and punctuation; ASCII text is never
    // searched for phrases. None of these occurs in a key.
    use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};
    for key in tests_support::phrase_keys() {
        for c in key.chars() {
            assert!(
                !c.is_whitespace()
                    && !c.is_ascii()
                    && c != '\u{E000}'
                    && c.general_category_group() != GeneralCategoryGroup::Punctuation,
                "{key:?} holds {c:?}"
            );
            assert!(t2s().in_phrase(c));
        }
    }
    assert!(!t2s().in_phrase('\u{E000}'));
}

#[test]
fn canonical_chars_join_what_conversion_leaves_apart() {
    let t = t2s();
    // Kept inside an OpenCC phrase, converted alone.
    for (kept, alone) in [
        ('乾', '干'),
        ('陞', '升'),
        ('麽', '么'),
        ('蒐', '搜'),
        ('祕', '秘'),
    ] {
        assert_eq!(t.canonical(kept), alone);
        assert_eq!(t.canonical(alone), alone);
    }
    // Regional variants and 帐/账 join Simplified chars; the everyday one is canonical.
    let mut joined = Vec::new();
    for cp in 0..0x3_0000 {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        if t.char(c) == c && t.canonical(c) != c {
            joined.push((c, t.canonical(c)));
        }
    }
    assert_eq!(
        joined,
        [
            ('帐', '账'),
            ('幺', '么'),
            ('著', '着'),
            ('衹', '只'),
            ('颚', '腭'),
            ('鲶', '鲇')
        ]
    );
    // Every canonical char is its own canonical char.
    for (_, c) in joined {
        assert_eq!(t.canonical(c), c);
    }
    assert_eq!(t.canonical('a'), 'a');
}

#[test]
fn regional_phrases() {
    case("身分證", "身份证");
    case("身分", "身份");
}

#[test]
fn every_phrase_keeps_its_length() {
    // The fused search counts a run of phrase chars it skips char by char, and
    // the exact path traces each char of a phrase's value to its key's: both need
    // a value as long as its key.
    let t = t2s();
    assert!(!t.phrase_keys.is_empty());
    for (key, value) in t.phrase_keys.iter().zip(&t.phrase_values) {
        assert_eq!(
            key.chars().count(),
            value.chars().count(),
            "{key} → {value}"
        );
    }
}
