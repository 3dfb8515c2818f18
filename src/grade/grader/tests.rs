//! Tests of the grader.

use std::path::Path;

use super::*;
use crate::i18n::Lang;

const RULES: &str = "banned:\n  - 喂\n  - phrase: 保证\n    except: [不保证]\nrequired:\n  - 您好\n  - any: [交通银行, 交行]\n    label: 报出银行\nconversation:\n  - mentions: [李先生]\n    at_least: 2\n";

fn rules(text: &str) -> Rules {
    match super::super::rules::parse(Path::new("r.yaml"), text.as_bytes(), Lang::En) {
        Ok(r) => r,
        Err(p) => panic!("{p:?}"),
    }
}

fn text(t: &str) -> [Part<'_>; 1] {
    [Part {
        turn: None,
        text: t,
    }]
}

/// Slices `s` by chars.
fn chars(s: &str, start: u32, end: u32) -> String {
    s.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn a_good_conversation_passes() {
    let r = rules(RULES);
    let g = Grader::new(&r);
    let v = g.grade(&text("您好,李先生,我是交行的小王。李先生,不保证收益。"));
    assert!(v.passed, "{v:?}");
    assert!(v.banned.is_empty() && v.missing.is_empty());
    assert_eq!(v.conversation[0].count, 2);
}

#[test]
fn banned_hits_point_at_the_original_chars() {
    let r = rules(RULES);
    let g = Grader::new(&r);
    let t = "ＯＫ，喂！我們保證收益，不保證本金，餵。";
    let v = g.grade(&text(t));
    assert!(!v.passed);
    let found: Vec<(&str, Vec<String>)> = v
        .banned
        .iter()
        .map(|b| {
            let spans = b.hits.iter().map(|h| chars(t, h.start, h.end)).collect();
            (b.phrase, spans)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("喂", vec!["喂".to_owned(), "餵".to_owned()]),
            ("保证", vec!["保證".to_owned()])
        ]
    );
    assert_eq!(v.missing, ["您好", "报出银行"]);
    assert!(!v.conversation[0].met);
}

#[test]
fn turns_are_graded_together_and_hits_name_their_turn() {
    let r = rules(RULES);
    let g = Grader::new(&r);
    let parts = [
        Part {
            turn: Some(0),
            text: "您好,李先生",
        },
        Part {
            turn: Some(2),
            text: "交通銀行的李先生?喂",
        },
    ];
    let v = g.grade(&parts);
    assert!(v.missing.is_empty());
    assert_eq!(v.conversation[0].count, 2);
    assert!(v.conversation[0].met);
    assert_eq!(
        v.banned[0].hits,
        [Hit {
            turn: Some(2),
            start: 9,
            end: 10
        }]
    );
    assert!(!v.passed);
}

#[test]
fn a_phrase_banned_twice_is_one_group() {
    let r = rules(
        "banned:\n  - phrase: 保证\n    except: [不保证]\n  - phrase: 保证\n    except: [保证金]\n",
    );
    let g = Grader::new(&r);
    assert_eq!(g.banned_phrases(), ["保证"]);
    // Each occurrence is excused by one item but not the other.
    let v = g.grade(&text("不保证,交保证金"));
    assert_eq!(v.banned.len(), 1);
    assert_eq!(v.banned[0].hits.len(), 2);
    let v = g.grade(&text("不保证"));
    assert_eq!(v.banned[0].hits.len(), 1);
    assert!(g.grade(&text("没有")).passed);
}

#[test]
fn no_rules_always_pass() {
    let r = Rules::default();
    let g = Grader::new(&r);
    assert!(g.grade(&text("随便说")).passed);
    assert!(g.grade(&[]).passed);
}
