//! The guarded YAML reader every file of the program goes through: scenarios, rules,
//! lexicons, answers and the config file. It reads a regular file up to a size limit,
//! checks UTF-8, control characters, nesting depth and alias expansion before serde
//! sees the text, and turns every failure into a `file:line:column: message` problem.
//! [`positions`] finds where each value starts, for checks that come after serde.

pub mod answers;
pub mod config;
pub mod positions;
mod text;

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Located, Result};
use crate::i18n::{Lang, msg};
use crate::text::suggest::{Candidate, nearest};

pub use positions::{Guard, OnDemand, Pos, Positions};
pub use text::{Text, TextVisitor};

/// Scenario, rules and lexicon files are hand-written; anything larger is a mistake
/// or an attack.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A scenario is at most six levels deep (steps → step → required → item → any →
/// phrase); anything far deeper is refused before it is parsed in full.
pub const MAX_DEPTH: usize = 32;

/// Characters of all scalars together once every alias is expanded: four times what
/// the largest file can hold written out, so anchors and aliases keep their use and a
/// small file can never stand for gigabytes.
pub const MAX_EXPANDED_CHARS: u64 = 4 * 1024 * 1024;

/// What a file read by [`read_limited`] is, for its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    Answers,
    Rules,
    Lexicon,
    Config,
}

impl FileKind {
    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            FileKind::Scenario => msg::KIND_SCENARIO.get(lang),
            FileKind::Answers => msg::KIND_ANSWERS.get(lang),
            FileKind::Rules => msg::KIND_RULES.get(lang),
            FileKind::Lexicon => msg::KIND_LEXICON.get(lang),
            FileKind::Config => msg::KIND_CONFIG.get(lang),
        }
    }
}

/// Reads a regular file, refusing anything over `limit` bytes before reading it
/// whole. Anything else (a FIFO, a device, a socket, a folder) is refused without
/// being opened for long: the type is checked first, the file is opened
/// non-blocking, and the type checked again on the open handle, so a FIFO put in the
/// way never hangs the program.
pub fn read_limited(path: &Path, limit: u64, kind: FileKind, lang: Lang) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    read_limited_into(path, limit, kind, lang, &mut bytes)?;
    Ok(bytes)
}

/// [`read_limited`] into `bytes`, cleared first: a caller reading many files keeps one
/// buffer.
pub fn read_limited_into(
    path: &Path,
    limit: u64,
    kind: FileKind,
    lang: Lang,
    bytes: &mut Vec<u8>,
) -> Result<()> {
    bytes.clear();
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(not_regular(path, lang));
    }
    let file = open_nonblocking(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(not_regular(path, lang));
    }
    let len = meta.len();
    if len > limit {
        return Err(too_large(path, len, limit, kind, lang));
    }
    bytes.reserve(len as usize);
    file.take(limit + 1)
        .read_to_end(bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, bytes.len() as u64, limit, kind, lang));
    }
    Ok(())
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

fn not_regular(path: &Path, lang: Lang) -> Error {
    Error::ScenarioInvalid {
        problems: vec![located(
            path,
            Pos { line: 1, column: 1 },
            msg::NOT_REGULAR_FILE.get(lang).to_owned(),
        )],
    }
}

fn too_large(path: &Path, len: u64, limit: u64, kind: FileKind, lang: Lang) -> Error {
    Error::ScenarioInvalid {
        problems: vec![located(
            path,
            Pos { line: 1, column: 1 },
            msg::FILE_TOO_LARGE.fill(lang, &[&len, &kind.name(lang), &limit]),
        )],
    }
}

pub fn located(path: &Path, pos: Pos, message: String) -> Located {
    Located {
        path: path.to_owned(),
        line: pos.line,
        column: pos.column,
        message,
    }
}

/// Bytes → text, or the position of the first byte that is not UTF-8.
pub fn utf8<'a>(path: &Path, bytes: &'a [u8], lang: Lang) -> Result<&'a str, Located> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // `good` is valid UTF-8 by construction.
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        located(
            path,
            Pos { line, column },
            msg::NOT_UTF8.get(lang).to_owned(),
        )
    })
}

/// A yaml_serde error as a located problem; its message keeps the field path.
pub fn yaml_error(path: &Path, err: &serde_yaml::Error, lang: Lang) -> Located {
    let mut message = err.to_string();
    let pos = match err.location() {
        Some(loc) => {
            let suffix = format!(" at line {} column {}", loc.line(), loc.column());
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message = stripped.to_owned();
            }
            Pos {
                line: loc.line(),
                column: loc.column(),
            }
        }
        None => Pos { line: 1, column: 1 },
    };
    located(path, pos, msg::YAML.fill(lang, &[&explain(&message, lang)]))
}

/// The parser's message about a field in the reader's language, with the field
/// path kept in front; an unknown field gets the known one nearest to it (a
/// typo like `bannd` → `banned`). Other messages are left as the parser wrote them.
fn explain(message: &str, lang: Lang) -> String {
    let (path, rest) = match message.find(": ") {
        Some(i) if !message[..i].contains(' ') => (&message[..i + 2], &message[i + 2..]),
        _ => ("", message),
    };
    let quoted =
        |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_owned).collect() };
    if let Some(tail) = rest.strip_prefix("unknown field `") {
        let Some((field, expected)) = tail.split_once('`') else {
            return message.to_owned();
        };
        let known = quoted(expected);
        let candidates: Vec<Candidate> = known
            .iter()
            .map(|k| Candidate { id: k, names: &[] })
            .collect();
        let near = nearest(field, &candidates)
            .first()
            .map(|&i| known[i].as_str());
        let mut out = match lang {
            Lang::En => message.to_owned(),
            Lang::Zh => format!(
                "{path}{}",
                msg::YAML_UNKNOWN_FIELD.fill(lang, &[&field, &known.join(", ")])
            ),
        };
        if let Some(near) = near {
            out.push_str(&msg::YAML_FIELD_NEAR.fill(lang, &[&near]));
        }
        return out;
    }
    if let (Lang::Zh, Some(tail)) = (lang, rest.strip_prefix("missing field `"))
        && let Some(field) = tail.strip_suffix('`')
    {
        return format!("{path}{}", msg::YAML_MISSING_FIELD.fill(lang, &[&field]));
    }
    message.to_owned()
}

/// Deserializes YAML text with the same guards and located errors for every file
/// the program reads: nesting is checked first, in linear time, and a second
/// document is pointed at rather than reported at the top of the file.
pub fn from_yaml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    lang: Lang,
) -> Result<T, Located> {
    control_chars(path, text, lang)?;
    guard(path, text, lang)?;
    serde_yaml::from_str(text).map_err(|e| serde_problem(path, text, &e, lang))
}

/// [`from_yaml`] in one pass over a valid file, for a `T` whose every field is typed
/// (no free-form values), at most [`MAX_DEPTH`] levels deep, with unknown fields
/// refused: the scenario. Serde goes first; the guard pass follows only when serde
/// could not have enforced it, and its verdict wins as if it had gone first:
/// - a file serde refused: its problem may be one the guard names (too deep, a tag);
/// - a `!` where a node can start (a tag, if any, is one) or a `*` there (an alias,
///   which could stand for more than the file holds); see [`may_start_node`].
///
/// Otherwise serde's success proves the guard would have found nothing: `T` cannot
/// hold anything deeper than [`MAX_DEPTH`], and with no alias the scalars hold no more
/// than the file, below [`MAX_EXPANDED_CHARS`]. A file that may hold an alias is
/// guarded before serde sees it, so alias expansion never reaches serde unchecked.
pub fn from_yaml_shaped<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    lang: Lang,
) -> Result<T, Located> {
    control_chars(path, text, lang)?;
    let guard_first = may_start_node(text, b'*') || text.len() as u64 > MAX_EXPANDED_CHARS;
    if guard_first {
        guard(path, text, lang)?;
    }
    match serde_yaml::from_str(text) {
        Ok(value) => {
            if !guard_first && may_start_node(text, b'!') {
                guard(path, text, lang)?;
            }
            Ok(value)
        }
        Err(e) => {
            if !guard_first {
                guard(path, text, lang)?;
            }
            Err(serde_problem(path, text, &e, lang))
        }
    }
}

/// Whether `indicator` (`!` of a tag, `*` of an alias) occurs where a YAML node can
/// start: at the start of the text, or after whitespace, a flow indicator (`[`, `{`,
/// `,`), or `:`, `?`, `-`. Node properties and aliases never follow anything else,
/// so a `!` inside words (好!我是) rules out nothing; one in a quoted string only
/// costs the guard pass.
fn may_start_node(text: &str, indicator: u8) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(indicator, bytes).any(|i| {
        i == 0
            || matches!(
                bytes[i - 1],
                b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':' | b'?' | b'-'
            )
    })
}

fn control_chars(path: &Path, text: &str, lang: Lang) -> Result<(), Located> {
    match first_control_char(text) {
        Some((pos, c)) => {
            let code = format!("U+{:04X}", u32::from(c));
            Err(located(path, pos, msg::CONTROL_CHAR.fill(lang, &[&code])))
        }
        None => Ok(()),
    }
}

/// The limits of [`Positions::guard`] as a located problem.
fn guard(path: &Path, text: &str, lang: Lang) -> Result<(), Located> {
    match Positions::guard(text, MAX_DEPTH, MAX_EXPANDED_CHARS) {
        Some((pos, broken)) => {
            let message = match broken {
                Guard::TooDeep => msg::TOO_DEEP.fill(lang, &[&MAX_DEPTH]),
                Guard::TooLarge => msg::TOO_LARGE_EXPANDED.fill(lang, &[&MAX_EXPANDED_CHARS]),
                Guard::Tag(tag) => msg::YAML_TAG.fill(lang, &[&tag]),
            };
            Err(located(path, pos, message))
        }
        None => Ok(()),
    }
}

/// Serde's error, located; a second document is pointed at.
fn serde_problem(path: &Path, text: &str, e: &serde_yaml::Error, lang: Lang) -> Located {
    let mut problem = yaml_error(path, e, lang);
    if let Some(pos) = Positions::second_document(text) {
        problem.line = pos.line;
        problem.column = pos.column;
        problem.message = msg::SECOND_DOCUMENT.get(lang).to_owned();
    }
    problem
}

/// The first char YAML does not allow in a document (C0 controls but tab, line feed
/// and carriage return; DEL; C1 controls but NEL), with its line and column: the YAML
/// parser names only a byte position.
fn first_control_char(text: &str) -> Option<(Pos, char)> {
    // Most files have none: a pass over the bytes says so without counting lines.
    if !has_control_char(text.as_bytes()) {
        return None;
    }
    let (mut line, mut column) = (1, 1);
    for c in text.chars() {
        let code = u32::from(c);
        let bad = (code < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
            || code == 0x7F
            || ((0x80..=0x9F).contains(&code) && code != 0x85);
        if bad {
            return Some((Pos { line, column }, c));
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    None
}

/// Whether UTF-8 `bytes` hold a char [`first_control_char`] looks for: a C0 control
/// but tab, line feed and carriage return, DEL, or a C1 control but NEL (written
/// `C2 80`…`C2 9F` in UTF-8).
fn has_control_char(bytes: &[u8]) -> bool {
    bytes.iter().enumerate().any(|(i, &b)| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
            || b == 0x7F
            || (b == 0xC2
                && bytes
                    .get(i + 1)
                    .is_some_and(|&n| (0x80..=0x9F).contains(&n) && n != 0x85))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte pass finds a control char exactly when the char by char one does.
    #[test]
    fn control_chars_are_found_by_bytes_as_by_chars() {
        for code in (0..0x250).chain([0x2028, 0xFEFF, 0x1F600]) {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("id: a\n好{c}x");
            let by_chars = text.chars().any(|c| {
                let code = u32::from(c);
                (code < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
                    || code == 0x7F
                    || ((0x80..=0x9F).contains(&code) && code != 0x85)
            });
            assert_eq!(has_control_char(text.as_bytes()), by_chars, "U+{code:04X}");
            assert_eq!(
                first_control_char(&text).is_some(),
                by_chars,
                "U+{code:04X}"
            );
        }
        assert_eq!(
            first_control_char("a\n好\u{85}\u{9F}"),
            Some((Pos { line: 2, column: 3 }, '\u{9F}'))
        );
    }

    #[test]
    fn field_messages_are_explained_in_the_readers_language() {
        let unknown = "steps[1]: unknown field `bannd`, expected one of `id`, `required`, `banned`";
        assert_eq!(
            explain(unknown, Lang::En),
            format!("{unknown}; did you mean `banned`?")
        );
        assert_eq!(
            explain(unknown, Lang::Zh),
            "steps[1]: 未知字段 `bannd`(可用字段: id, required, banned);是不是要写 `banned`?"
        );
        // Nothing near: no suggestion; a one-letter field is not "near" everything.
        let far = "unknown field `colour`, expected one of `id`, `title`";
        assert_eq!(explain(far, Lang::En), far);
        assert_eq!(
            explain(far, Lang::Zh),
            "未知字段 `colour`(可用字段: id, title)"
        );
        assert_eq!(
            explain("unknown field `x`, expected `id` or `y`", Lang::En),
            "unknown field `x`, expected `id` or `y`"
        );
        assert_eq!(
            explain("steps[0]: missing field `customer`", Lang::Zh),
            "steps[0]: 缺少必填字段 `customer`"
        );
        let other = "steps[0].required: invalid type: map, expected a sequence";
        assert_eq!(explain(other, Lang::Zh), other);
    }
}
