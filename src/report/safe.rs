//! Text from files, the store and the command line, made harmless for a person's
//! terminal and for report files. A scenario's customer line, a trainee's name or a
//! stored answer may hold ESC, BEL or C1 controls (U+009B): raw, an OSC 52 sequence
//! writes the user's clipboard, another renames the window, `ESC [2J` clears the
//! screen. Every human-readable output goes through [`Safe`], the one place they are
//! neutralised: each control char is shown as its visible picture (ESC as ␛, BEL as
//! ␇, C1 as �), while line breaks and tabs stay, and on a colour terminal the colour
//! codes this program writes itself (`ESC [ … m`) pass. JSON needs none of this:
//! serde escapes control chars.

use std::borrow::Cow;
use std::io::{self, Write};

/// Standard output for people: colour codes pass when colour is on.
pub fn stdout() -> Safe<io::StdoutLock<'static>> {
    Safe::new(io::stdout().lock(), colour())
}

/// Standard error for people, the same way.
pub fn stderr() -> Safe<io::StderrLock<'static>> {
    Safe::new(io::stderr().lock(), colour())
}

fn colour() -> bool {
    colored::control::SHOULD_COLORIZE.should_colorize()
}

/// The visible stand-in for a control char.
fn picture(c: char) -> char {
    match u32::from(c) {
        n @ 0x00..=0x1F => char::from_u32(0x2400 + n).unwrap_or('\u{FFFD}'),
        0x7F => '\u{2421}',
        _ => '\u{FFFD}',
    }
}

/// Whether `c` must not reach a terminal raw.
pub fn is_control(c: char) -> bool {
    let n = u32::from(c);
    (n < 0x20 && !matches!(c, '\n' | '\t')) || n == 0x7F || (0x80..=0x9F).contains(&n)
}

/// `text` with every control char (but line breaks and tabs) shown as its picture;
/// for strings handed to a prompt library rather than written through [`Safe`].
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_control(c) { picture(c) } else { c })
            .collect(),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    /// After ESC.
    Esc,
    /// After `ESC [`, reading the parameters of what may be a colour code.
    Csi,
    /// After 0xC2, the lead byte of U+0080..U+00BF (the C1 controls among them).
    C2,
}

/// A writer that neutralises control chars in everything written through it.
pub struct Safe<W: Write> {
    inner: W,
    /// Let `ESC [ digits ; … m` (colour codes) through.
    sgr: bool,
    state: State,
    pending: Vec<u8>,
    out: Vec<u8>,
}

/// The longest colour code let through.
const MAX_SGR: usize = 32;

impl<W: Write> Safe<W> {
    /// `sgr`: whether colour codes pass (a colour terminal); never for files.
    pub fn new(inner: W, sgr: bool) -> Safe<W> {
        Safe {
            inner,
            sgr,
            state: State::Normal,
            pending: Vec::new(),
            out: Vec::new(),
        }
    }

    fn push_picture(&mut self, c: char) {
        let mut buf = [0; 4];
        self.out
            .extend_from_slice(picture(c).encode_utf8(&mut buf).as_bytes());
    }

    /// What was held back, written as visible text.
    fn release(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        for &b in &pending {
            match b {
                0x1B => self.push_picture('\u{1B}'),
                0xC2 => self.out.push(0xC2),
                _ => self.out.push(b),
            }
        }
        self.state = State::Normal;
    }

    fn byte(&mut self, b: u8) {
        match self.state {
            State::Esc if self.sgr && b == b'[' => {
                self.pending.push(b);
                self.state = State::Csi;
                return;
            }
            State::Csi if (b.is_ascii_digit() || b == b';') && self.pending.len() < MAX_SGR => {
                self.pending.push(b);
                return;
            }
            State::Csi if b == b'm' => {
                self.out.append(&mut self.pending);
                self.out.push(b);
                self.state = State::Normal;
                return;
            }
            State::C2 if (0x80..=0x9F).contains(&b) => {
                self.pending.clear();
                self.push_picture('\u{80}');
                self.state = State::Normal;
                return;
            }
            State::Esc | State::Csi | State::C2 => self.release(),
            State::Normal => {}
        }
        match b {
            0x1B => {
                self.pending.push(b);
                self.state = State::Esc;
            }
            0xC2 => {
                self.pending.push(b);
                self.state = State::C2;
            }
            b'\n' | b'\t' => self.out.push(b),
            0x00..=0x1F | 0x7F => self.push_picture(char::from(b)),
            _ => self.out.push(b),
        }
    }

    pub fn into_inner(mut self) -> io::Result<W> {
        self.flush()?;
        Ok(self.inner)
    }
}

impl<W: Write> Write for Safe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for &b in buf {
            self.byte(b);
        }
        let out = std::mem::take(&mut self.out);
        self.inner.write_all(&out)?;
        self.out = out;
        self.out.clear();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.state != State::Normal {
            self.release();
            let out = std::mem::take(&mut self.out);
            self.inner.write_all(&out)?;
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(sgr: bool, input: &str, expected: &str) {
        let mut w = Safe::new(Vec::new(), sgr);
        // Byte by byte too: a sequence split across writes is still seen.
        for chunk in input.as_bytes().chunks(1) {
            w.write_all(chunk).expect("write");
        }
        let out = w.into_inner().expect("flush");
        assert_eq!(String::from_utf8_lossy(&out), expected, "{input:?}");
        assert!(!visible(input).contains('\u{1b}'));
    }

    #[test]
    fn control_chars_become_visible() {
        case(false, "客户:您好\n\t好", "客户:您好\n\t好");
        // OSC 52 (write the clipboard), a title, clear screen, BEL, CSI as C1.
        case(false, "\u{1b}]52;c;SGVsbG8=\u{7}", "␛]52;c;SGVsbG8=␇");
        case(false, "\u{1b}]0;pwned\u{7}x", "␛]0;pwned␇x");
        case(true, "\u{1b}[2J", "␛[2J");
        case(false, "a\u{9b}31mb\u{85}c", "a�31mb�c");
        case(false, "回车\r覆盖", "回车␍覆盖");
        case(false, "\u{7f}", "␡");
        // Colour codes pass only where colour is wanted; Latin-1 letters stay.
        case(true, "\u{1b}[1;31m红\u{1b}[0m", "\u{1b}[1;31m红\u{1b}[0m");
        case(false, "\u{1b}[1;31m红", "␛[1;31m红");
        case(true, "café é", "café é");
        case(true, "end\u{1b}", "end␛");
    }

    #[test]
    fn visible_maps_the_same_chars() {
        assert_eq!(visible("好"), Cow::Borrowed("好"));
        assert_eq!(visible("a\u{1b}[2Jb\u{9b}"), "a␛[2Jb�");
    }
}
