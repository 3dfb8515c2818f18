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
pub(super) fn parse_with(line: &str, keep: bool) -> Option<Conversation<'_>> {
    let mut p = Parser {
        s: line,
        at: 0,
        keep,
    };
    p.ws();
    p.eat(b'{')?;
    let (mut id, mut text, mut turns) = (None, None, None);
    loop {
        p.ws();
        let key = p.string()?;
        p.ws();
        p.eat(b':')?;
        p.ws();
        match &*key {
            "id" if id.is_none() => id = Some(p.string()?),
            "text" if text.is_none() => text = Some(p.string_kept(keep)?),
            "turns" if turns.is_none() => turns = Some(p.turns()?),
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
    let body = match (text, turns) {
        (Some(t), None) => Body::Text(t),
        (None, Some(turns)) => Body::Turns(turns),
        _ => return None,
    };
    Some(Conversation { id: id?, body })
}

struct Parser<'a> {
    s: &'a str,
    /// Byte offset of the next byte to read.
    at: usize,
    /// Whether texts are kept (see [`parse_with`]).
    keep: bool,
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

    /// The offset of the first `"`, `\` or control char from `from` on.
    fn stop(&self, from: usize) -> usize {
        scan::stop(self.s.as_bytes(), from)
    }

    /// `[` turns `]`, each `{"role", "text"}` in either order with a known role.
    fn turns(&mut self) -> Option<Vec<Turn<'a>>> {
        self.eat(b'[')?;
        let mut turns = if self.keep {
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
            self.eat(b'{')?;
            let (mut role, mut text) = (None, None);
            loop {
                self.ws();
                let key = self.string()?;
                self.ws();
                self.eat(b':')?;
                self.ws();
                // The role is read whatever `keep` says: it decides whether the line
                // is taken.
                let (slot, keep) = match &*key {
                    "role" => (&mut role, true),
                    "text" => (&mut text, self.keep),
                    _ => return None,
                };
                if slot.is_some() {
                    return None;
                }
                *slot = Some(self.string_kept(keep)?);
                self.ws();
                match self.next()? {
                    b',' => continue,
                    b'}' => break,
                    _ => return None,
                }
            }
            let role = role?;
            if role != "agent" && role != "customer" {
                return None;
            }
            let text = text?;
            if self.keep {
                turns.push(Turn { role, text });
            }
            self.ws();
            match self.next()? {
                b',' => continue,
                b']' => return Some(turns),
                _ => return None,
            }
        }
    }

    /// A string: borrowed when it has no escapes, owned when it has only the simple
    /// ones; `None` for `\u` escapes, control chars or no closing quote.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.string_kept(true)
    }

    /// [`Parser::string`], or, without `keep`, the same checks and an empty string.
    fn string_kept(&mut self, keep: bool) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.at;
        let mut end = self.stop(start);
        if self.s.as_bytes().get(end)? == &b'"' {
            self.at = end + 1;
            let text = self.s.get(start..end)?;
            return Some(Cow::Borrowed(if keep { text } else { "" }));
        }
        let mut owned = String::new();
        let mut from = start;
        loop {
            let piece = self.s.get(from..end)?;
            if keep {
                owned.push_str(piece);
            }
            match self.s.as_bytes().get(end)? {
                b'"' => {
                    self.at = end + 1;
                    return Some(Cow::Owned(owned));
                }
                b'\\' => {
                    let c = match self.s.as_bytes().get(end + 1)? {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        _ => return None,
                    };
                    if keep {
                        owned.push(c);
                    }
                    from = end + 2;
                    end = self.stop(from);
                }
                // A control char: serde rejects it.
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests;
