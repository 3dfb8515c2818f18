//! The prefilter changes nothing but speed: lines it skips get exactly the verdict
//! full grading gives them, and `grade` writes the same bytes with and without it.

use std::path::{Path, PathBuf};

use super::super::grader::Grader;
use super::super::line;
use super::super::pipeline::{self, Options};
use super::super::prefilter::Cursor;
use super::super::rules::{Rules, parse};
use crate::error::Located;
use crate::i18n::Lang;
use crate::text::rng;

const RULES: &str = "banned:\n  - 保本保息\n  - phrase: 保证收益\n    except: [不保证收益]\n  - app\n  - 一目了然\n  - 秘密…账户\nrequired:\n  - 您好\n  - any: [风险, 亏损]\n    label: 提示风险\nconversation:\n  - mentions: [理财]\n    at_least: 1\n";

fn rules(text: &str) -> Rules {
    match parse(Path::new("r.yaml"), text.as_bytes(), Lang::En) {
        Ok(r) => r,
        Err(p) => panic!("{p:?}"),
    }
}

/// Lines with every trap: a phrase broken by punctuation, Traditional text that
/// converts differently in context, full-width letters, compatibility ideographs,
/// combining marks, JSON `\u` escapes, turn records, and lines with no phrase at all
/// (skipped), between bad lines whose problems must be reported the same.
const TRAPS: &[&str] = &[
    r#"{"id":"a","text":"保本，保息，您好"}"#,
    r#"{"id":"b","text":"我們保證收益，一目瞭然"}"#,
    r#"{"id":"c","text":"下载ＡＰＰ就行"}"#,
    r#"{"id":"d","text":"⼀目了然 ㊙密的账户"}"#,
    r#"{"id":"e","text":"您\u0301好 a\u0301pp"}"#,
    r#"{"id":"f","text":"\u4fdd\u672c\u4fdd\u606f"}"#,
    r#"{"id":"g","turns":[{"role":"customer","text":"理财呢"},{"role":"agent","text":"您好，有風險"}]}"#,
    r#"{"id":"h","turns":[{"role":"customer","text":"早上好"},{"role":"agent","text":"早上好，请坐"}]}"#,
    r#"{"id":"i","text":"今天天气不错，请坐。"}"#,
    r#"{"id":"j","text":"今天天气"#,
    r#"{"id":"l","text":"abc","extra":1}"#,
    r#"{"id":"m","text":"好的，谢谢"}"#,
    r#"{"id":"n"}"#,
    r#"{"id":"o","text":"App 下載"}"#,
];

#[test]
fn lines_without_a_candidate_get_the_verdict_of_full_grading() {
    let r = rules(RULES);
    let g = Grader::new(&r);
    let mut skipped = Vec::new();
    for raw in TRAPS {
        let Ok(c) = line::parse(raw.as_bytes(), Lang::En) else {
            continue;
        };
        let full = g.grade(&c.parts());
        if !g.may_match(raw.as_bytes()) {
            skipped.push(&raw[..12]);
            assert_eq!(g.nothing_found(), full, "{raw}");
        }
    }
    let expected = [
        r#"{"id":"h","t"#,
        r#"{"id":"i","t"#,
        r#"{"id":"l","t"#,
        r#"{"id":"m","t"#,
    ];
    assert_eq!(skipped, expected, "the lines without a phrase are skipped");
    for raw in &TRAPS[..7] {
        assert!(g.may_match(raw.as_bytes()), "{raw}");
    }
}

#[test]
fn random_lines_skipped_are_lines_without_a_phrase() {
    let r = rules(RULES);
    let g = Grader::new(&r);
    let pieces = [
        "保", "本", "息", "證", "证", "收益", "一", "⼀", "目", "瞭", "了", "然", "秘", "㊙", "密",
        "账", "帳", "戶", "户", "a", "Ａ", "p", "ｐ", "P", "您", "好", "風", "险", "亏", "损",
        "理", "财", "，", " ", "\u{301}", "天", "气", "不", "的",
    ];
    let mut next = rng(0x9E37_79B9_7F4A_7C15);
    let (mut skipped, mut graded) = (0, 0);
    for _ in 0..3000 {
        let len = 1 + next(8);
        let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
        let raw = serde_json::json!({"id": "x", "text": text}).to_string();
        let Ok(c) = line::parse(raw.as_bytes(), Lang::En) else {
            panic!("{raw}");
        };
        if g.may_match(raw.as_bytes()) {
            graded += 1;
        } else {
            skipped += 1;
            assert_eq!(g.nothing_found(), g.grade(&c.parts()), "{raw}");
        }
    }
    assert!(
        skipped > 100 && graded > 100,
        "{skipped} skipped, {graded} graded"
    );
}

/// `grade` over `lines` as one file: what it writes and the problems it reports.
fn graded(g: &Grader<'_>, path: &Path) -> (Vec<u8>, Vec<Located>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let opts = Options {
        threads: 2,
        strict: false,
        lang: Lang::En,
        progress: None,
    };
    let mut report = |p: &Located| problems.push(p.clone());
    let outcome = pipeline::run(g, &[path.to_owned()], &mut out, &mut report, &opts)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome.summary.problems, problems.len() as u64);
    (out, problems)
}

#[test]
fn grade_writes_the_same_bytes_with_and_without_the_prefilter_and_the_fused_pass() {
    let r = rules(RULES);
    let when = rules(&format!("{RULES}when:\n  mentions: [理财, 基金]\n"));
    for r in [&r, &when] {
        let mut lines = TRAPS.iter().map(|l| format!("{l}\n")).collect::<String>();
        lines.push_str("{\"id\":\"k\",\"text\":\"bad");
        let mut lines = lines.into_bytes();
        // Not UTF-8: the problem's column must not change either.
        lines.extend_from_slice(b" \xff byte\"}\n{\"id\":\"z\",\"text\":\"\xe5\x8f\x8b\"}\n");
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path: PathBuf = dir.path().join("c.jsonl");
        std::fs::write(&path, &lines).unwrap_or_else(|e| panic!("{e}"));
        let fast = graded(&Grader::new(r), &path);
        let exact = graded(&Grader::new(r).without_prefilter().without_fused(), &path);
        assert_eq!(fast, graded(&Grader::new(r).without_prefilter(), &path));
        assert_eq!(fast, graded(&Grader::new(r).without_fused(), &path));
        // The same lines in a file that is UTF-8 throughout: validated as one block,
        // its lines parsed as text.
        let valid = dir.path().join("valid.jsonl");
        let cut = lines.iter().position(|&b| b == 0xff).unwrap_or(lines.len());
        let head = lines[..cut]
            .rsplitn(2, |&b| b == b'\n')
            .last()
            .unwrap_or_default();
        std::fs::write(&valid, head).unwrap_or_else(|e| panic!("{e}"));
        let block = graded(&Grader::new(r), &valid);
        assert_eq!(
            block,
            graded(&Grader::new(r).without_prefilter().without_fused(), &valid)
        );
        assert!(
            fast.0.starts_with(&block.0),
            "the valid lines give the same bytes"
        );
        assert_eq!(block.1.len(), 2, "{:?}", block.1);
        assert_eq!(
            String::from_utf8_lossy(&fast.0),
            String::from_utf8_lossy(&exact.0)
        );
        assert_eq!(fast.0, exact.0);
        assert_eq!(fast.1, exact.1);
        assert_eq!(exact.1.len(), 3, "{:?}", exact.1);
        assert_eq!(
            exact.0.iter().filter(|&&b| b == b'\n').count(),
            TRAPS.len() + 2 - 3
        );
    }
}

#[test]
fn a_file_of_candidates_where_the_prefilter_rests_gives_the_same_bytes() {
    // Several blocks of lines that are nearly all candidates, the others skipped
    // while the prefilter is asked and graded in full while it rests.
    let r = rules(RULES);
    let mut lines = String::new();
    let mut n = 0;
    while lines.len() < 3 * crate::grade::input::BLOCK * 4 {
        let raw = TRAPS[n % 7];
        let raw = if n % 10 == 9 { TRAPS[7] } else { raw };
        lines.push_str(&raw.replacen("\"id\":\"", &format!("\"id\":\"{n}-"), 1));
        lines.push('\n');
        n += 1;
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path: PathBuf = dir.path().join("dense.jsonl");
    std::fs::write(&path, &lines).unwrap_or_else(|e| panic!("{e}"));
    let fast = graded(&Grader::new(&r), &path);
    let exact = graded(&Grader::new(&r).without_prefilter().without_fused(), &path);
    assert_eq!(fast, exact);
    assert_eq!(fast.0.iter().filter(|&&b| b == b'\n').count(), n);
}

#[test]
fn a_block_search_finds_the_candidates_a_line_search_finds() {
    let r = rules(RULES);
    let g = Grader::new(&r);
    let mut block = Vec::new();
    let mut lines = Vec::new();
    for raw in TRAPS.iter().chain(TRAPS.iter().rev()) {
        let start = block.len();
        block.extend_from_slice(raw.as_bytes());
        lines.push((start, block.len()));
        block.push(b'\n');
    }
    let mut cursor = Cursor::default();
    for &(start, end) in &lines {
        assert_eq!(
            g.may_match_in(&block, start, end, &mut cursor),
            g.may_match(&block[start..end]),
            "{}",
            String::from_utf8_lossy(&block[start..end])
        );
    }
}

#[test]
fn each_phrase_is_anchored_on_its_least_common_char() {
    // 我, 们, 不 and 了 are everyday chars; 解 and 决 are not as common: a line
    // of everyday words is not searched for 我解决不了.
    let r = rules("banned:\n  - 我解决不了\n");
    let g = Grader::new(&r);
    assert!(!g.may_match("{\"id\":\"a\",\"text\":\"我们不去了\"}".as_bytes()));
    assert!(g.may_match("{\"id\":\"a\",\"text\":\"我解決不了\"}".as_bytes()));
    assert!(g.may_match("{\"id\":\"a\",\"text\":\"\\u6211\"}".as_bytes()));
    // 无, 风 and 险 are about as common (无 a little less): 险, with the fewest raw
    // forms (险, 險; 无 has five, ⽆ and 🈚 among them), anchors 无风险.
    let r = rules("banned:\n  - 无风险\n");
    let g = Grader::new(&r);
    assert!(!g.may_match("{\"id\":\"a\",\"text\":\"无风无風⽆🈚\"}".as_bytes()));
    assert!(g.may_match("{\"id\":\"a\",\"text\":\"險\"}".as_bytes()));
    assert!(g.may_match("{\"id\":\"a\",\"text\":\"险\"}".as_bytes()));
    // A char much rarer than the others anchors its phrase, whatever its forms: 绝
    // (three forms) is far less common than 对 (two).
    let r = rules("banned:\n  - 绝对\n");
    let g = Grader::new(&r);
    assert!(!g.may_match("{\"id\":\"a\",\"text\":\"对對\"}".as_bytes()));
    assert!(g.may_match("{\"id\":\"a\",\"text\":\"絶\"}".as_bytes()));
}

/// Rules with every kind of item the fused pass must leave to the exact path or
/// decide alone: concepts, gapped phrases, negation and clause rules, `except`,
/// required phrases (negated or not), mentions.
const EVERY_RULE: &str = "banned:\n  - 保本保息\n  - phrase: 保证收益\n    except: [不保证收益]\n  - app\n  - 一目了然\n  - 秘密…账户\n  - concept: guarantee\n  - phrase: 风险\n    unless_negated: true\n    clause: true\n  - phrase: 喂\n    alone: true\nrequired:\n  - 您好\n  - any: [风险, 亏损]\n    label: 提示风险\n  - any: [不保本]\n    label: 不保本\n  - concept: risk-warning\nconversation:\n  - mentions: [理财, 先生]\n    at_least: 2\n";

/// Pieces of conversations with every trap (see [`TRAPS`]), negators, question
/// marks, clause breaks, and JSON escapes written as they would be in the file.
const PIECES: &[&str] = &[
    "保本",
    "保息",
    "，",
    "。",
    " ",
    "保证",
    "收益",
    "不",
    "没有",
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
    "的",
    "账户",
    "帳戶",
    "\\u0301",
    "\\u4fdd",
    "\\n",
    "您好",
    "您",
    "好",
    "風險",
    "风险",
    "亏损",
    "不保本",
    "理财",
    "理財",
    "先生",
    "喂",
    "吗",
    "？",
    "可能",
    "会",
    "亏",
    "承诺",
    "保證",
    "非常",
    "谢谢",
    "🙂",
    "ﬁ",
    "\\\"",
    "是否",
];

/// A record with id `id` holding, half the time, one text, else one to four turns
/// (customer first), each text made by `text` from the generator `next`.
fn random_record(
    id: &str,
    next: &mut dyn FnMut(usize) -> usize,
    text: impl Fn(&mut dyn FnMut(usize) -> usize) -> String,
) -> String {
    if next(2) == 0 {
        return format!("{{\"id\":\"{id}\",\"text\":\"{}\"}}", text(next));
    }
    let turns: Vec<String> = (0..1 + next(4))
        .map(|i| {
            let role = if i % 2 == 0 { "customer" } else { "agent" };
            format!("{{\"role\":\"{role}\",\"text\":\"{}\"}}", text(next))
        })
        .collect();
    format!("{{\"id\":\"{id}\",\"turns\":[{}]}}", turns.join(","))
}

#[test]
fn random_conversations_get_the_same_verdict_by_the_fused_pass_and_the_exact_path() {
    let r = rules(EVERY_RULE);
    let when = rules(&format!("{EVERY_RULE}when:\n  mentions: [理财, 收益]\n"));
    let mut next = rng(0x0DDB_1A5E_5BAD_5EED);
    for r in [&r, &when] {
        let fast = Grader::new(r);
        let exact = Grader::new(r).without_prefilter().without_fused();
        let mut scratch = super::super::grader::Scratch::default();
        let (mut decided, mut left) = (0, 0);
        for _ in 0..3000 {
            let text = |next: &mut dyn FnMut(usize) -> usize| -> String {
                (0..next(14)).map(|_| PIECES[next(PIECES.len())]).collect()
            };
            let raw = random_record("x", &mut next, text);
            let c =
                line::parse(raw.as_bytes(), Lang::En).unwrap_or_else(|p| panic!("{raw}: {p:?}"));
            let parts = c.parts();
            let expected = exact.grade(&parts);
            assert_eq!(fast.grade(&parts), expected, "{raw}");
            match fast.grade_fused(&parts, &mut scratch) {
                Some(v) => {
                    decided += 1;
                    assert_eq!(v, expected, "{raw}");
                }
                None => left += 1,
            }
            // What `grade` writes for the line, prefilter and context condition included.
            let skip = !fast.may_match(raw.as_bytes());
            let applies = fast.applies(c.all_texts());
            let got = match (skip, applies) {
                (true, _) => fast.nothing_found(),
                (false, false) => fast.not_applicable(),
                (false, true) => fast.grade(&parts),
            };
            let want = if exact.applies(c.all_texts()) {
                expected
            } else {
                exact.not_applicable()
            };
            assert_eq!(got, want, "{raw}");
        }
        // Both ways are taken often: these pieces are dense with negators and with
        // phrases under clause and negation rules, which the exact path decides.
        assert!(
            decided > 700 && left > 700,
            "{decided} decided, {left} left"
        );
    }
}

/// Rules as for everyday text: Chinese phrases only, banned.
const EVERYDAY_RULES: &str = "banned:\n  - 保本保息\n  - 稳赚不赔\n  - 绝对安全\n  - 无风险\n  - 肯定涨\n  - 你有完没完\n  - 爱办不办\n  - 我解决不了\n  - 跟我没关系\n  - 自己看去\n";

/// Long stretches of everyday text (English, Chinese, full-width letters) with the
/// phrases written every way between them, and JSON escapes as they are in the file.
const EVERYDAY: &[&str] = &[
    "Card branch opens at nine on weekdays, please sign here. ",
    "今天天气很好我们可以一起去吃饭明天上午见面",
    "手续已经办好了，到期多少利率？",
    "ＬＸＫ７２Ｃ",
    "保本保息",
    "穩賺不賠",
    "绝对，安全",
    "無風險",
    "肯定漲",
    "你有完沒完",
    "爱办不办",
    "我解決不了",
    "跟我没关系",
    "自己 看去",
    "我",
    "不",
    "乾淨",
    "\\u65e0\\u98ce\\u9669",
    "\\u0041",
    "\\n",
    "\\\"",
];

#[test]
fn everyday_text_with_long_stretches_gives_the_same_bytes_every_way() {
    let r = rules(EVERYDAY_RULES);
    let mut next = rng(0x1405_7B7E_F767_814F);
    let text = |next: &mut dyn FnMut(usize) -> usize| -> String {
        (0..next(12))
            .map(|_| EVERYDAY[next(EVERYDAY.len())].repeat(1 + next(4)))
            .collect()
    };
    let mut lines = String::new();
    for n in 0..600 {
        lines.push_str(&random_record(&n.to_string(), &mut next, text));
        lines.push('\n');
    }
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path: PathBuf = dir.path().join("everyday.jsonl");
    std::fs::write(&path, &lines).unwrap_or_else(|e| panic!("{e}"));
    let fast = graded(&Grader::new(&r), &path);
    let exact = graded(&Grader::new(&r).without_prefilter().without_fused(), &path);
    assert_eq!(
        String::from_utf8_lossy(&fast.0),
        String::from_utf8_lossy(&exact.0)
    );
    assert_eq!(fast, exact);
    assert_eq!(graded(&Grader::new(&r).without_prefilter(), &path), exact);
    let written = String::from_utf8_lossy(&exact.0);
    assert_eq!(written.lines().count(), 600);
    assert!(
        written.matches("\"passed\":false").count() > 200,
        "many conversations hit"
    );
}

#[test]
fn both_simd_searches_find_the_same_candidates_in_any_text() {
    // Lines of Chinese text (searched with 16 buckets) and of ASCII text (8), each
    // way, against each line searched alone.
    let r = rules(EVERYDAY_RULES);
    let g = Grader::new(&r);
    let mut next = rng(0x2F6B_3A1C_88E5_0D47);
    let mut block = Vec::new();
    let mut lines = Vec::new();
    for n in 0..2000 {
        let text: String = (0..next(6))
            .map(|_| EVERYDAY[next(EVERYDAY.len())])
            .collect();
        let start = block.len();
        block.extend_from_slice(format!("{{\"id\":\"{n}\",\"text\":\"{text}\"}}").as_bytes());
        lines.push((start, block.len()));
        block.push(b'\n');
    }
    let mut candidates = 0;
    for fat in [true, false] {
        let mut cursor = Cursor {
            fat: Some(fat),
            ..Cursor::default()
        };
        for &(start, end) in &lines {
            let candidate = g.may_match_in(&block, start, end, &mut cursor);
            candidates += usize::from(candidate);
            assert_eq!(
                candidate,
                g.may_match(&block[start..end]),
                "{fat} {}",
                String::from_utf8_lossy(&block[start..end])
            );
        }
    }
    assert!(candidates > 1000 && candidates < 3000, "{candidates}");
    // The kind of text is told from the start of the block.
    for (text, fat) in [("今天天气很好我们", true), ("Card branch opens", false)] {
        let line = format!("{{\"id\":\"a\",\"text\":\"{}\"}}", text.repeat(50));
        let mut cursor = Cursor::default();
        assert!(!g.may_match_in(line.as_bytes(), 0, line.len(), &mut cursor));
        assert_eq!(cursor.fat, Some(fat), "{text}");
    }
}
