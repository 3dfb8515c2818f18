//! A fast path for the usual record: `{"id": "…", "text": "…"}` or `{"id": "…",
//! "turns": [{"role": "…", "text": "…"}, …]}`, with string ids, simple escapes and
//! nothing else. It reads such a line in one forward pass, borrowing every string
//! without escapes, and gives up (`None`) on anything else — another field, a number
//! id, `\u` escapes, a duplicate key, an unknown role, a control char, a syntax error —
//! so that serde reads the line instead and reports what is wrong where. For every
//! line it accepts, the result is the one serde gives.

use std::borrow::Cow;

use super::{Body, Conversation, Turn};

mod scan;

/// The conversation of `line` when it has the usual shape; `None` when serde must decide.
pub(super) fn parse(line: &str) -> Option<Conversation<'_>> {
    parse_with(line, true)
}

/// [`parse`], keeping the texts only with `keep`: without, they are checked just the
/// same (the line is taken or left exactly as with it) but come out empty, and no
/// turn list or unescaped copy is built.
///
/// The line is read once, noting where each string is and whether it holds escapes;
/// the strings kept are taken from the line (or unescaped) only at the end.
pub(super) fn parse_with(line: &str, keep: bool) -> Option<Conversation<'_>> {
    let mut p = Parser { s: line, at: 0 };
    p.ws();
    p.eat(b'{')?;
    let (mut id, mut text, mut turns) = (None, None, None);
    loop {
        p.ws();
        let key = p.key_colon()?;
        p.ws();
        match key {
            Key::Id if id.is_none() => id = Some(p.string()?),
            Key::Text if text.is_none() => text = Some(p.string()?),
            Key::Turns if turns.is_none() => turns = Some(p.turns(keep)?),
            // Another field, or one met twice.
            _ => return None,
        }
        p.ws();
        match p.next()? {
            b',' => continue,
            b'}' => break,
            _ => return None,
        }
    }
    p.ws();
    if p.at != line.len() {
        return None;
    }
    // Matched one at a time, not as a pair: a span copied into a pair is read back
    // through memory.
    let body = match turns {
        None if keep => Body::Text(p.text(text?)?),
        None => Body::Text(text.map(|_| Cow::Borrowed(""))?),
        Some(turns) if text.is_none() => Body::Turns(turns),
        Some(_) => return None,
    };
    Some(Conversation {
        id: p.text(id?)?,
        body,
    })
}

/// A string read: its contents' byte range in the line, and whether they hold
/// escapes (then they are not the string's value as they stand).
#[derive(Clone, Copy)]
struct Span {
    from: usize,
    to: usize,
    escaped: bool,
}

/// The keys the usual record has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Key {
    Id,
    Text,
    Turns,
    Role,
    Other,
}

struct Parser<'a> {
    s: &'a str,
    /// Byte offset of the next byte to read.
    at: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn eat(&mut self, want: u8) -> Option<()> {
        (self.next()? == want).then_some(())
    }

    /// Skips JSON whitespace.
    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// The bytes of `span` as they stand in the line.
    fn raw(&self, span: Span) -> &'a [u8] {
        self.s
            .as_bytes()
            .get(span.from..span.to)
            .unwrap_or_default()
    }

    /// A key. One with escapes is none of the known ones: the simple escapes give
    /// no letter.
    #[inline(always)]
    fn key(&mut self) -> Option<Key> {
        let span = self.string()?;
        if span.escaped {
            return Some(Key::Other);
        }
        Some(match self.raw(span) {
            b"id" => Key::Id,
            b"text" => Key::Text,
            b"turns" => Key::Turns,
            b"role" => Key::Role,
            _ => Key::Other,
        })
    }

    /// A key and the colon after it, in a record or a turn. The usual record's keys
    /// written right before their colons (`"id":`, `"text":`, `"turns":`, as every
    /// JSON writer writes them) are compared as bytes, with no search for the key's
    /// end; any other key is read as a string.
    #[inline(always)]
    fn key_colon(&mut self) -> Option<Key> {
        let rest = self.s.as_bytes().get(self.at..)?;
        if let Some((key, head)) = RECORD_KEYS.iter().find(|(_, head)| rest.starts_with(head)) {
            self.at += head.len();
            return Some(*key);
        }
        let key = self.key()?;
        self.ws();
        self.eat(b':')?;
        Some(key)
    }

    /// `[` turns `]`, each `{"role", "text"}` in either order with a known role; the
    /// list is built only with `keep`.
    fn turns(&mut self, keep: bool) -> Option<Vec<Turn<'a>>> {
        self.eat(b'[')?;
        let mut turns = if keep {
            Vec::with_capacity(24)
        } else {
            Vec::new()
        };
        self.ws();
        if self.peek()? == b']' {
            self.at += 1;
            return Some(turns);
        }
        loop {
            self.ws();
            let (role, text) = match self.usual_turn() {
                Some(turn) => turn,
                None => self.any_turn()?,
            };
            if keep {
                turns.push(Turn {
                    role: Cow::Borrowed(role),
                    text: self.text(text)?,
                });
            }
            self.ws();
            match self.next()? {
                b',' => continue,
                b']' => return Some(turns),
                _ => return None,
            }
        }
    }

    /// A turn read key by key, from its `{`: `{"role", "text"}` in either order with a
    /// known role; its role and text, with `self.at` past its closing brace.
    fn any_turn(&mut self) -> Option<(&'static str, Span)> {
        self.eat(b'{')?;
        let (mut role, mut text) = (None, None);
        loop {
            self.ws();
            let key = self.key_colon()?;
            self.ws();
            let slot = match key {
                Key::Role => &mut role,
                Key::Text => &mut text,
                _ => return None,
            };
            if slot.is_some() {
                return None;
            }
            *slot = Some(self.string()?);
            self.ws();
            match self.next()? {
                b',' => continue,
                b'}' => break,
                _ => return None,
            }
        }
        // A role with escapes is neither of the two.
        let role = match role? {
            r if r.escaped => return None,
            r => match self.raw(r) {
                b"agent" => "agent",
                b"customer" => "customer",
                _ => return None,
            },
        };
        Some((role, text?))
    }

    /// A turn written the way JSON writers usually write one, `{"role": "agent",
    /// "text": "…"}` (with or without the spaces): its role and text, with
    /// `self.at` past its closing brace; `None`, with `self.at` unmoved, for any
    /// other turn, which is then read key by key. The head is compared as bytes,
    /// so its three strings cost no search: in a file of turn records they are most
    /// of the strings. What it takes is what reading key by key takes.
    #[inline(always)]
    fn usual_turn(&mut self) -> Option<(&'static str, Span)> {
        let rest = self.s.as_bytes().get(self.at..)?;
        let (role, head) = TURN_HEADS.iter().find(|(_, head)| rest.starts_with(head))?;
        let from = self.at;
        self.at += head.len();
        self.ws();
        let text = self.string();
        self.ws();
        match text {
            Some(text) if self.peek() == Some(b'}') => {
                self.at += 1;
                Some((role, text))
            }
            // Another key after the text is a duplicate or unknown: the key by key
            // reading gives up on it too, as it does on a bad string.
            _ => {
                self.at = from;
                None
            }
        }
    }

    /// A string, from its opening quote: where its contents are, with `self.at`
    /// past its closing quote; `None` for `\u` escapes, control chars or no closing
    /// quote. Inlined: a span returned through memory costs a stall at each string.
    #[inline(always)]
    fn string(&mut self) -> Option<Span> {
        self.eat(b'"')?;
        let bytes = self.s.as_bytes();
        let from = self.at;
        let mut escaped = false;
        let mut end = scan::stop(bytes, from);
        loop {
            match bytes.get(end)? {
                b'"' => {
                    self.at = end + 1;
                    return Some(Span {
                        from,
                        to: end,
                        escaped,
                    });
                }
                b'\\' => {
                    // Only the simple escapes: `\u` and the rest go to serde.
                    unescaped(*bytes.get(end + 1)?)?;
                    escaped = true;
                    end = scan::stop(bytes, end + 2);
                }
                // A control char: serde rejects it.
                _ => return None,
            }
        }
    }

    /// The value of the string at `span`: borrowed from the line when it has no
    /// escapes, else unescaped into a copy.
    fn text(&self, span: Span) -> Option<Cow<'a, str>> {
        let raw = self.s.get(span.from..span.to)?;
        if !span.escaped {
            return Some(Cow::Borrowed(raw));
        }
        let mut owned = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(at) = memchr::memchr(b'\\', rest.as_bytes()) {
            owned.push_str(rest.get(..at)?);
            owned.push(unescaped(*rest.as_bytes().get(at + 1)?)?);
            rest = rest.get(at + 2..)?;
        }
        owned.push_str(rest);
        Some(Cow::Owned(owned))
    }
}

/// The usual record's keys with their colons.
const RECORD_KEYS: [(Key, &[u8]); 3] = [
    (Key::Id, br#""id":"#),
    (Key::Text, br#""text":"#),
    (Key::Turns, br#""turns":"#),
];

/// The heads of the usual turns, up to the text's value: each role, as Python's
/// `json.dumps` writes it (`", "` and `": "` between items) and as serde and most
/// other writers do (no spaces).
const TURN_HEADS: [(&str, &[u8]); 4] = [
    ("customer", br#"{"role": "customer", "text":"#),
    ("agent", br#"{"role": "agent", "text":"#),
    ("customer", br#"{"role":"customer","text":"#),
    ("agent", br#"{"role":"agent","text":"#),
];

/// The char a simple escape stands for, given the byte after its backslash (`n`:
/// a newline); `None` for `u` and any byte that makes no escape.
fn unescaped(b: u8) -> Option<char> {
    Some(match b {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
