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
    // A tab between tokens, which is whitespace, where inside a string it is not.
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
        // Keys and roles with escapes are none of the known ones.
        r#"{"i\/d": "x", "text": "a"}"#,
        r#"{"id": "x", "text": "a", "\/x": 1}"#,
        r#"{"id": "x", "turns": [{"role": "age\/nt", "text": "a"}]}"#,
        r#"{"id": "x", "turns": [{"ro\/le": "agent", "text": "a"}]}"#,
    ] {
        refused(line);
    }
}

/// A random record of one of the usual shapes, now and then with something unusual
/// (a number id, another field, `\u` escapes, raw control chars in a string).
fn random_record(next: &mut impl FnMut(usize) -> usize) -> String {
    const PIECES: [&str; 16] = [
        "a",
        "您好",
        "喂，",
        " ",
        "\\n",
        "\\\"",
        "\\\\",
        "\\/",
        "\\t",
        "\\b\\f\\r",
        "\\u4f60",
        "\\ud83d\\ude00",
        "長ＡＢ",
        "Is ready queue sign month is customer at statement please deposit.",
        "这是客户手册和服务卡,有什么不清楚、不明白的请随时联系我们。",
        "\t",
    ];
    const SPACE: [&str; 5] = ["", "", " ", "  ", "\t"];
    let string = |next: &mut dyn FnMut(usize) -> usize| {
        let n = next(12);
        let mut s = String::from("\"");
        for _ in 0..n {
            // Mostly plain pieces: a raw tab (the last) is rare.
            let plain = usize::from(next(8) != 0);
            s.push_str(PIECES[next(PIECES.len() - plain)]);
        }
        s.push('"');
        s
    };
    let ws = |next: &mut dyn FnMut(usize) -> usize| SPACE[next(SPACE.len())];
    let id = match next(12) {
        0 => next(1000).to_string(),
        _ => format!("\"c{}\"", next(100_000)),
    };
    let mut fields = vec![("id", id)];
    if next(3) == 0 {
        let mut turns = String::from("[");
        for i in 0..next(5) {
            if i > 0 {
                turns.push_str(&format!("{},{}", ws(next), ws(next)));
            }
            let role = ["\"agent\"", "\"customer\""][next(2)];
            let text = string(next);
            // Half the turns as JSON writers usually write them (read from their
            // head on), the others every way.
            if next(2) == 0 {
                let (colon, comma) = [(": ", ", "), (":", ",")][next(2)];
                turns.push_str(&format!(
                    "{{\"role\"{colon}{role}{comma}\"text\"{colon}{text}}}"
                ));
                continue;
            }
            let (a, b) = if next(2) == 0 {
                (("role", role.to_owned()), ("text", text))
            } else {
                (("text", text), ("role", role.to_owned()))
            };
            turns.push_str(&format!(
                "{{{}\"{}\"{}:{}{},{}\"{}\":{}{}{}}}",
                ws(next),
                a.0,
                ws(next),
                ws(next),
                a.1,
                ws(next),
                b.0,
                ws(next),
                b.1,
                ws(next)
            ));
        }
        turns.push(']');
        fields.push(("turns", turns));
    } else {
        fields.push(("text", string(next)));
    }
    if next(10) == 0 {
        fields.push(("extra", "[1, {\"a\": null}]".to_owned()));
    }
    if next(2) == 0 {
        fields.swap(0, 1);
    }
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}\"{k}\"{}:{}{v}{}",
                ws(next),
                ws(next),
                ws(next),
                ws(next)
            )
        })
        .collect();
    format!("{}{{{}}}{}", ws(next), body.join(","), ws(next))
}

/// `line` with a few random changes: bytes flipped to JSON's structural chars,
/// control chars, quotes, backslashes or bytes that are not UTF-8; bytes inserted,
/// deleted or repeated; the line cut short.
fn mutate(line: &str, next: &mut impl FnMut(usize) -> usize) -> Vec<u8> {
    const BYTES: [u8; 16] = [
        b'"', b'\\', b'{', b'}', b'[', b']', b',', b':', b' ', b'a', b'u', 0, 0x1f, 0xff, 0x80,
        0xe4,
    ];
    let mut bytes = line.as_bytes().to_vec();
    for _ in 0..1 + next(3) {
        if bytes.is_empty() {
            break;
        }
        let at = next(bytes.len());
        let byte = match next(3) {
            0 => next(0x20) as u8,
            _ => BYTES[next(BYTES.len())],
        };
        match next(6) {
            0 | 1 => bytes[at] = byte,
            2 => bytes.insert(at, byte),
            3 => {
                bytes.remove(at);
            }
            4 => bytes.truncate(at),
            _ => {
                let end = (at + 1 + next(8)).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                bytes.splice(at..at, piece);
            }
        }
    }
    bytes
}

/// Every way a line is read gives what serde gives: the same conversation, or the
/// same problem at the same column.
#[track_caller]
fn read_alike(bytes: &[u8]) -> bool {
    let lang = Lang::En;
    let by_line = super::super::parse(bytes, lang);
    let Ok(text) = std::str::from_utf8(bytes) else {
        // Read line by line (the block was not UTF-8 throughout): located.
        let good = std::str::from_utf8(bytes).map_err(|e| e.valid_up_to());
        let valid = good.expect_err("not UTF-8");
        let column = String::from_utf8_lossy(&bytes[..valid]).chars().count() + 1;
        let p = by_line.expect_err("not UTF-8");
        assert_eq!(p.column, column, "{bytes:?}");
        assert_eq!(p.message, crate::i18n::msg::NOT_UTF8.get(lang), "{bytes:?}");
        return false;
    };
    let read = super::super::parse_text(text, lang);
    assert_eq!(by_line, read, "{text:?}");
    if text.trim_start().starts_with('{') {
        assert_eq!(read, slow_or_problem(text), "{text:?}");
    }
    let fast = parse(text);
    if let Some(c) = &fast {
        assert_eq!(Ok(c), read.as_ref(), "{text:?}");
    }
    // Checked without its texts: taken by the fast path exactly when read by it,
    // and otherwise what reading it gives.
    let checked = super::super::check_text(text, lang);
    assert_eq!(
        parse_with(text, false).is_some(),
        fast.is_some(),
        "{text:?}"
    );
    match (&checked, &read) {
        (Ok((c, texts)), Ok(r)) => {
            assert_eq!(c.id, r.id, "{text:?}");
            assert_eq!(c.has_turns(), r.has_turns(), "{text:?}");
            assert_eq!(*texts, fast.is_none(), "{text:?}");
            if fast.is_some() {
                assert!(c.all_texts().all(str::is_empty), "{text:?}");
            } else {
                assert_eq!(c, r, "{text:?}");
            }
        }
        (Err(c), Err(r)) => assert_eq!(c, r, "{text:?}"),
        _ => panic!("checked {checked:?}, read {read:?}: {text:?}"),
    }
    fast.is_some()
}

/// What serde makes of `line`, problems included.
fn slow_or_problem(line: &str) -> Result<Conversation<'_>, super::super::Problem> {
    parse_slow(line, Lang::En)
}

#[test]
fn random_and_mutated_lines_are_read_as_serde_reads_them() {
    let mut next = crate::text::rng(0x0f1a_57ed);
    let (mut taken, mut refused, mut broken) = (0, 0, 0);
    for _ in 0..20_000 {
        let line = random_record(&mut next);
        let bytes = if next(2) == 0 {
            line.clone().into_bytes()
        } else {
            mutate(&line, &mut next)
        };
        match (read_alike(&bytes), std::str::from_utf8(&bytes).is_ok()) {
            (true, _) => taken += 1,
            (false, true) => refused += 1,
            (false, false) => broken += 1,
        }
    }
    // Each way is well exercised.
    assert!(taken > 3_000, "{taken} taken");
    assert!(refused > 5_000, "{refused} refused");
    assert!(broken > 500, "{broken} not UTF-8");
}

#[test]
fn a_control_char_anywhere_in_a_line_is_read_as_serde_reads_it() {
    let lines = [
        r#"{"id": "c1", "text": "您好，请问有什么可以帮您？ Is ready queue sign month"}"#,
        r#"{"id": "c1", "turns": [{"role": "customer", "text": "喂"}, {"text": "您好", "role": "agent"}]}"#,
        r#"{"id": "a\"b", "text": "l1\nl2\t\\ \/ \b\f\r end\""}"#,
    ];
    for line in lines {
        for at in 0..=line.len() {
            if !line.is_char_boundary(at) {
                continue;
            }
            for control in [0u8, 0x09, 0x0a, 0x0c, 0x0d, 0x1f] {
                let mut bytes = line.as_bytes().to_vec();
                bytes.insert(at, control);
                read_alike(&bytes);
                bytes[at] = b'\\';
                read_alike(&bytes);
            }
            read_alike(&line.as_bytes()[..at]);
        }
    }
}
