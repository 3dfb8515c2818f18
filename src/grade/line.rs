//! One JSON Lines record → a conversation, borrowing its strings from the line
//! wherever they hold no escapes. A record is `{"id", "text"}` or `{"id", "turns":
//! [{"role": "agent"|"customer", "text"}]}`; other fields are ignored.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Visitor};

use crate::i18n::{Lang, msg};

use super::grader::Part;
use super::input::{EXCERPT, excerpt};

mod fast;

/// A conversation read from one line.
#[derive(Debug, PartialEq)]
pub struct Conversation<'a> {
    pub id: Cow<'a, str>,
    pub body: Body<'a>,
}

#[derive(Debug, PartialEq)]
pub enum Body<'a> {
    Text(Cow<'a, str>),
    Turns(Vec<Turn<'a>>),
}

#[derive(Debug, PartialEq, Deserialize)]
pub struct Turn<'a> {
    #[serde(borrow)]
    pub role: Cow<'a, str>,
    #[serde(borrow)]
    pub text: Cow<'a, str>,
}

/// What is wrong with a line: 1-based column (in chars) and message.
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    pub column: usize,
    pub message: String,
}

#[derive(Deserialize)]
struct RawLine<'a> {
    #[serde(borrow)]
    id: Option<Id<'a>>,
    #[serde(borrow)]
    text: Option<Str<'a>>,
    #[serde(borrow)]
    turns: Option<Turns<'a>>,
}

/// The turns, collected into a vector sized for a whole call at once (JSON does not
/// say how many there are, and growing one turn at a time reallocates four times).
struct Turns<'a>(Vec<Turn<'a>>);

impl<'de: 'a, 'a> Deserialize<'de> for Turns<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Turns<'a>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Turns<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Turns<'de>, A::Error> {
                let mut turns = Vec::with_capacity(seq.size_hint().unwrap_or(0).clamp(24, 1024));
                while let Some(turn) = seq.next_element()? {
                    turns.push(turn);
                }
                Ok(Turns(turns))
            }
        }
        d.deserialize_seq(V)
    }
}

/// An id: a string, or a whole number kept as its digits.
struct Id<'a>(Cow<'a, str>);

/// A string, borrowed from the line when it holds no escapes. (serde borrows a bare
/// `Cow<str>` field, but not one inside an `Option`.)
struct Str<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Str<'a>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Id<'a> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Id<'a>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Id<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string or a whole number")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Id<'de>, E> {
                Ok(Id(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id<'de>, E> {
                Ok(Id(Cow::Owned(v.to_owned())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id<'de>, E> {
                Ok(Id(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id<'de>, E> {
                Ok(Id(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_any(V)
    }
}

impl Conversation<'_> {
    /// The parts to grade: the text, or the agent's turns.
    pub fn parts(&self) -> Vec<Part<'_>> {
        match &self.body {
            Body::Text(t) => vec![Part {
                turn: None,
                text: t,
            }],
            Body::Turns(turns) => {
                let mut parts = Vec::with_capacity(turns.len());
                parts.extend(
                    turns
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.role == "agent")
                        .map(|(i, t)| Part {
                            turn: Some(u32::try_from(i).unwrap_or(u32::MAX)),
                            text: &t.text,
                        }),
                );
                parts
            }
        }
    }

    /// Every text of the conversation, the customer's turns too (for a rules file's
    /// context condition).
    pub fn all_texts(&self) -> impl Iterator<Item = &str> {
        let (text, turns): (Option<&str>, &[_]) = match &self.body {
            Body::Text(t) => (Some(t), &[]),
            Body::Turns(turns) => (None, turns.as_slice()),
        };
        text.into_iter().chain(turns.iter().map(|t| &*t.text))
    }

    pub fn has_turns(&self) -> bool {
        matches!(self.body, Body::Turns(_))
    }
}

/// Parses one line (without its newline).
pub fn parse(line: &[u8], lang: Lang) -> Result<Conversation<'_>, Problem> {
    // The fast validator says only whether; the standard one then says where.
    let valid = simdutf8::basic::from_utf8(line).ok();
    let text = valid
        .map_or_else(|| std::str::from_utf8(line), Ok)
        .map_err(|e| {
            let good = String::from_utf8_lossy(&line[..e.valid_up_to()]);
            Problem {
                column: good.chars().count() + 1,
                message: msg::NOT_UTF8.get(lang).to_owned(),
            }
        })?;
    parse_text(text, lang)
}

/// [`parse`] of a line already known to be UTF-8 (a whole block of lines is
/// validated at once).
pub fn parse_text(text: &str, lang: Lang) -> Result<Conversation<'_>, Problem> {
    let problem = |column: usize, message: String| Problem { column, message };
    if !text.trim_start().starts_with('{') {
        let column = text.len() - text.trim_start().len() + 1;
        return Err(problem(column, msg::GRADE_NOT_OBJECT.get(lang).to_owned()));
    }
    match fast::parse(text) {
        Some(c) => Ok(c),
        None => parse_slow(text, lang),
    }
}

/// [`parse_text`] for a line whose texts need not be read (no raw form of a phrase
/// is in its bytes): the same checks, problems and id, but on the usual record the
/// texts come out empty, without a turn list or an unescaped copy being built. The
/// flag says whether the texts were read after all: the usual record's fast path
/// gives up on anything else, a `\u` escape (which can write any char) included,
/// and then the line is read in full.
pub fn check_text(text: &str, lang: Lang) -> Result<(Conversation<'_>, bool), Problem> {
    match fast::parse_with(text, false) {
        Some(c) => Ok((c, false)),
        None => parse_text(text, lang).map(|c| (c, true)),
    }
}

/// [`parse`] by serde, for an object that [`fast::parse`] does not take: any line
/// at all, with a located message for whatever is wrong.
fn parse_slow(text: &str, lang: Lang) -> Result<Conversation<'_>, Problem> {
    let problem = |column: usize, message: String| Problem { column, message };
    let raw: RawLine<'_> = serde_json::from_str(text).map_err(|e| {
        let mut m = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        if let Some(stripped) = m.strip_suffix(&suffix) {
            m.truncate(stripped.len());
        }
        let m = cut_quoted(&m);
        // serde_json counts columns in bytes; messages count chars.
        let column = text
            .get(..e.column().min(text.len()))
            .map_or(e.column(), |s| s.chars().count().max(1));
        problem(column, msg::GRADE_BAD_JSON.fill(lang, &[&m]))
    })?;
    let Some(Id(id)) = raw.id else {
        return Err(problem(1, msg::GRADE_MISSING_FIELD.fill(lang, &[&"id"])));
    };
    let body = match (raw.text, raw.turns) {
        (Some(Str(t)), None) => Body::Text(t),
        (None, Some(Turns(turns))) => {
            if let Some((i, t)) = turns
                .iter()
                .enumerate()
                .find(|(_, t)| t.role != "agent" && t.role != "customer")
            {
                let role = excerpt(&t.role);
                return Err(problem(1, msg::GRADE_BAD_ROLE.fill(lang, &[&i, &role])));
            }
            Body::Turns(turns)
        }
        (Some(_), Some(_)) => {
            return Err(problem(1, msg::GRADE_TEXT_AND_TURNS.get(lang).to_owned()));
        }
        (None, None) => return Err(problem(1, msg::GRADE_MISSING_TEXT.get(lang).to_owned())),
    };
    Ok(Conversation { id, body })
}

/// `m` (a serde message) with every quoted string in it, which serde writes as Rust
/// does (`"…"`, inner quotes escaped) and which is a piece of the input, cut to an
/// excerpt.
fn cut_quoted(m: &str) -> Cow<'_, str> {
    if !m.contains('"') {
        return Cow::Borrowed(m);
    }
    let mut out = String::with_capacity(m.len().min(4 * EXCERPT));
    let mut rest = m;
    while let Some(open) = rest.find('"') {
        out.push_str(&rest[..=open]);
        rest = &rest[open + 1..];
        let mut chars = rest.char_indices();
        let mut close = rest.len();
        let mut count = 0;
        let mut cut = None;
        while let Some((i, c)) = chars.next() {
            if c == '"' {
                close = i;
                break;
            }
            if count == EXCERPT {
                cut.get_or_insert(i);
            }
            count += 1;
            if c == '\\' {
                chars.next();
            }
        }
        match cut {
            Some(at) => {
                out.push_str(&rest[..at]);
                out.push('…');
            }
            None => out.push_str(&rest[..close]),
        }
        rest = &rest[close..];
        if let Some(r) = rest.strip_prefix('"') {
            out.push('"');
            rest = r;
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn bad(line: &[u8], column: usize, message: &str) {
        match parse(line, Lang::En) {
            Ok(c) => panic!("accepted {c:?}"),
            Err(p) => {
                assert!(p.message.starts_with(message), "{p:?}");
                assert_eq!(p.column, column, "{p:?}");
            }
        }
    }

    #[test]
    fn reads_text_and_turns_borrowing_where_it_can() {
        let c = parse(
            r#"{"id": "a1", "text": "您好", "extra": [1]}"#.as_bytes(),
            Lang::En,
        )
        .expect("ok");
        assert!(matches!(c.id, Cow::Borrowed("a1")));
        assert!(matches!(&c.body, Body::Text(Cow::Borrowed("您好"))));
        assert!(!c.has_turns());
        let c = parse(br#"{"id": 7, "text": "\u60a8\u597d"}"#, Lang::En).expect("ok");
        assert_eq!(c.id, "7");
        assert_eq!(c.body, Body::Text(Cow::Owned("您好".into())));
        let line = r#"{"id":"b","turns":[{"role":"customer","text":"喂"},{"role":"agent","text":"您好"}]}"#;
        let c = parse(line.as_bytes(), Lang::En).expect("ok");
        let parts: Vec<(Option<u32>, &str)> = c.parts().iter().map(|p| (p.turn, p.text)).collect();
        assert_eq!(parts, [(Some(1), "您好")]);
    }

    #[test]
    fn reports_what_is_wrong_and_where() {
        bad(
            b"{\"id\": \"a\", \"text\": \"\xe6\x82\xa8\xff\"}",
            23,
            "not valid UTF-8",
        );
        bad(
            br#"{"id": "a", "text": "x""#,
            23,
            "not a valid JSON conversation: EOF",
        );
        bad(br#"  ["a"]"#, 3, "expected a JSON object");
        bad(br#"{"text": "x"}"#, 1, "missing field `id`");
        bad(br#"{"id": "x"}"#, 1, "missing field `text` or `turns`");
        bad(
            br#"{"id": "x", "text": 5}"#,
            21,
            "not a valid JSON conversation: invalid type: integer `5`",
        );
        bad(
            br#"{"id": true, "text": "x"}"#,
            11,
            "not a valid JSON conversation: invalid type: boolean",
        );
        bad(
            br#"{"id": "x", "text": "a", "turns": []}"#,
            1,
            "both `text` and `turns`",
        );
        bad(
            br#"{"id": "x", "turns": [{"role": "bot", "text": "a"}]}"#,
            1,
            "turns[0].role: `bot`",
        );
        bad(
            br#"{"id": "x", "turns": [{"role": "agent"}]}"#,
            39,
            "not a valid JSON conversation: missing field `text`",
        );
    }

    #[test]
    fn messages_quote_only_an_excerpt_of_the_input() {
        let long = "长".repeat(100);
        let start = "长".repeat(EXCERPT);
        let line = format!(r#"{{"id": "x", "turns": "{long}"}}"#);
        let p = parse(line.as_bytes(), Lang::En).expect_err("a string is no turns");
        assert_eq!(
            p.message,
            format!(
                "not a valid JSON conversation: invalid type: string \"{start}…\", expected a sequence"
            )
        );
        let line = format!(r#"{{"id": "x", "turns": [{{"role": "{long}", "text": "a"}}]}}"#);
        let p = parse(line.as_bytes(), Lang::En).expect_err("bad role");
        assert_eq!(
            p.message,
            format!("turns[0].role: `{start}…` should be agent or customer")
        );
        // Escaped quotes inside a quoted string do not end it.
        let quoted = format!("a \"{}\\\"{}\" b \"short\"", "x".repeat(10), "y".repeat(60));
        assert_eq!(
            cut_quoted(&quoted),
            format!(
                "a \"{}\\\"{}…\" b \"short\"",
                "x".repeat(10),
                "y".repeat(EXCERPT - 11)
            )
        );
    }
}
