use super::super::parse_slow;
use super::*;
use crate::i18n::Lang;

/// What serde makes of `line`, as the fast path would return it.
fn slow(line: &str) -> Option<Conversation<'_>> {
    parse_slow(line, Lang::En).ok()
}

#[track_caller]
fn same(line: &str) {
    let fast = parse(line);
    assert!(fast.is_some(), "fast path refused {line:?}");
    assert_eq!(fast, slow(line), "{line:?}");
    // Without its texts: the same line taken, the same id and shape, no text.
    let checked = parse_with(line, false);
    let (Some(fast), Some(checked)) = (fast, checked) else {
        panic!("checking refused {line:?}");
    };
    assert_eq!(checked.id, fast.id, "{line:?}");
    assert_eq!(checked.has_turns(), fast.has_turns(), "{line:?}");
    assert!(checked.all_texts().all(str::is_empty), "{line:?}");
}

#[track_caller]
fn refused(line: &str) {
    assert_eq!(parse(line), None, "{line:?}");
    assert_eq!(parse_with(line, false), None, "{line:?}");
}

#[test]
fn takes_the_usual_shapes_as_serde_does() {
    same(r#"{"id": "c1", "text": "您好，请问"}"#);
    same(r#"{"text":"x","id":"c1"}"#);
    same(" \t{ \"id\" : \"c\" , \"text\" : \"\" } \r");
    same(r#"{"id": "c1", "turns": []}"#);
    same(r#"{"id": "c1", "turns": [ ]}"#);
    same(
        r#"{"id": "c0", "turns": [{"role": "customer", "text": "我想取点钱。"}, {"text": "您好", "role": "agent"}]}"#,
    );
    same(r#"{"id": "a\"b", "text": "l1\nl2\t\\ \/ \b\f\r end\""}"#);
    same(r#"{"id": "x", "turns": [{"role": "agent", "text": "a\nb"}]}"#);
    // Long strings: the eight-byte scan and its tail.
    let long = "这是客户手册和服务卡,有什么不清楚、不明白的请随时联系我们。".repeat(7);
    same(&format!(r#"{{"id": "c", "text": "{long}\n{long}"}}"#));
    // A tab between tokens: strings are then scanned for control chars too.
    same(&format!(
        "{{\"id\":\t\"c\", \"text\": \"{long}\\n{long}\"}}"
    ));
    for n in 0..20 {
        let s = "a".repeat(n);
        same(&format!(r#"{{"id": "{s}", "text": "{s}\"{s}"}}"#));
    }
}

#[test]
fn borrows_strings_without_escapes() {
    let c = parse(r#"{"id": "c1", "text": "您好"}"#).expect("taken");
    assert!(matches!(c.id, Cow::Borrowed("c1")));
    assert!(matches!(c.body, Body::Text(Cow::Borrowed("您好"))));
    let c = parse(r#"{"id": "c1", "text": "a\nb"}"#).expect("taken");
    assert!(matches!(c.body, Body::Text(Cow::Owned(_))));
}

#[test]
fn leaves_everything_else_to_serde() {
    for line in [
        r#"{"id": 7, "text": "x"}"#,
        r#"{"id": "x", "text": "\u60a8"}"#,
        r#"{"id": "x", "text": "a\qb"}"#,
        r#"{"id": "x", "text": "x", "extra": 1}"#,
        r#"{"id": "x", "id": "y", "text": "x"}"#,
        r#"{"id": "x", "text": "x", "text": "y"}"#,
        r#"{"id": "x", "text": "a", "turns": []}"#,
        r#"{"id": "x"}"#,
        r#"{"text": "x"}"#,
        r#"{}"#,
        r#"{"id": "x", "text": null}"#,
        r#"{"id": "x", "turns": null, "text": "a"}"#,
        r#"{"id": "x", "turns": [{"role": "bot", "text": "a"}]}"#,
        r#"{"id": "x", "turns": [{"role": "agent"}]}"#,
        r#"{"id": "x", "turns": [{"role": "agent", "text": "a", "at": 1}]}"#,
        r#"{"id": "x", "turns": [{"role": "agent", "role": "agent", "text": "a"}]}"#,
        r#"{"id": "x", "turns": [{"role": "agent", "text": "a"},]}"#,
        r#"{"id": "x", "turns": [{"role": "agent", "text": "a"}"#,
        r#"{"id": "x", "text": "a",}"#,
        r#"{"id": "x", "text": "a"} x"#,
        r#"{"id": "x", "text": "a"}}"#,
        r#"{"id": "x", "text": "a""#,
        r#"{"id": "x", "text": "a"#,
        "{\"id\": \"x\", \"text\": \"a\tb\"}",
        "{\"id\": \"x\", \"text\": \"a\u{1}\"}",
        "{\"id\": \"x\", \"text\": \"\\",
        "{\"id\": \"x\"\u{c} , \"text\": \"a\"}",
        r#"["id", "x"]"#,
    ] {
        refused(line);
    }
}

#[test]
fn the_scan_stops_at_the_first_quote_backslash_or_control_char() {
    for (i, stop_byte) in [b'"', b'\\', 0, 0x1f].into_iter().enumerate() {
        for at in 0..20 {
            let mut bytes = vec![b'a'; 24];
            bytes.extend("你好".as_bytes());
            bytes[at] = stop_byte;
            // A later stop never hides the first.
            bytes[at + 1] = [b'\\', b'"', b'"', 0][i];
            assert_eq!(stop(&bytes, 0), at, "{bytes:?}");
            assert_eq!(stop(&bytes, at + 2), bytes.len());
        }
    }
    // Bytes around the limits of the classes are not stops.
    let near: Vec<u8> = [0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xff].to_vec();
    assert_eq!(stop(&near, 0), near.len());
}
