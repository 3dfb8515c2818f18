//! Reading `grade` inputs as a stream of [`Batch`]es, in input order, in bounded
//! memory: JSON Lines are cut into blocks of whole lines (parsed later, by the
//! workers); CSV records (which may hold quoted newlines) are parsed here, a field
//! at a time ([`records`]). A line or record over [`MAX_LINE`] is reported and
//! skipped, and a message quotes only an [`excerpt`] of any input. Gzip is
//! recognised by its magic bytes, `-` is stdin. Every problem is a located [`Batch`],
//! so it is reported in order and never stops the other inputs.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Located;
use crate::i18n::{Lang, msg};

pub use mapped::Map;
use records::{Next, Records};

mod mapped;
mod records;

/// A JSON Lines block is cut after the last newline once it holds this many bytes.
pub const BLOCK: usize = 256 * 1024;

/// A longer JSON line or CSV record is reported and skipped, so one runaway record
/// cannot take the memory.
pub const MAX_LINE: usize = 16 * 1024 * 1024;

/// What the name `-` stands for in messages.
pub const STDIN: &str = "<stdin>";

/// Work for the pipeline, in input order.
#[derive(Debug)]
pub enum Batch {
    /// Whole JSON lines of input `input`, following those of the batches before.
    /// Line numbers are counted by whoever parses them, so reading stays a copy.
    Lines { input: usize, bytes: Vec<u8> },
    /// The same, as a stretch of a mapped file.
    Mapped {
        input: usize,
        bytes: mapped::Stretch,
    },
    /// Parsed CSV records, with their line numbers.
    Rows { input: usize, rows: Vec<Row> },
    /// A problem outside any parsed line. With `next_line`, it is at the line after
    /// those of the batches before, and that line is skipped; otherwise it is where
    /// `problem` says.
    Problem {
        input: usize,
        problem: Located,
        next_line: bool,
    },
    /// Input `input` has been read to its end.
    End { input: usize },
}

#[derive(Debug)]
pub enum Row {
    Conversation { line: u64, id: String, text: String },
    Bad(Located),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
}

/// The name an input is shown under: its path, or [`STDIN`].
pub fn display_name(path: &Path) -> PathBuf {
    if path == Path::new("-") {
        PathBuf::from(STDIN)
    } else {
        path.to_owned()
    }
}

/// `.csv` (also `.csv.gz`) is CSV; anything else is JSON Lines.
pub fn format_of(path: &Path) -> Format {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    if name.ends_with(".csv") {
        Format::Csv
    } else {
        Format::Jsonl
    }
}

/// Counts the bytes read from the underlying file, for the progress bar.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens `path` (`-` is stdin), decompressing gzip when the data starts with its magic.
pub fn open(path: &Path, counter: Arc<AtomicU64>) -> io::Result<Box<dyn BufRead + Send>> {
    let raw: Box<dyn Read + Send> = if path == Path::new("-") {
        Box::new(io::stdin())
    } else {
        Box::new(File::open(path)?)
    };
    let mut buffered = BufReader::with_capacity(
        64 * 1024,
        Counting {
            inner: raw,
            count: counter,
        },
    );
    let gzip = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gzip {
        Box::new(BufReader::with_capacity(
            64 * 1024,
            flate2::bufread::MultiGzDecoder::new(buffered),
        ))
    } else {
        Box::new(buffered)
    })
}

/// Where a reader sends its batches; `false` means stop (the run is over).
pub type Sink<'a> = dyn FnMut(Batch) -> bool + 'a;

/// Context for one input's reader.
pub struct Reading<'a> {
    pub input: usize,
    pub name: &'a Path,
    pub lang: Lang,
    /// Spare buffers to read blocks into.
    pub spare: &'a dyn Fn() -> Vec<u8>,
}

impl Reading<'_> {
    fn problem(&self, line: u64, column: usize, message: String) -> Located {
        Located {
            path: self.name.to_owned(),
            line: line as usize,
            column,
            message,
        }
    }

    /// A problem at the line after those sent so far.
    fn at_next_line(&self, message: String) -> Batch {
        Batch::Problem {
            input: self.input,
            problem: self.problem(0, 1, message),
            next_line: true,
        }
    }

    fn at(&self, line: u64, message: String) -> Batch {
        Batch::Problem {
            input: self.input,
            problem: self.problem(line, 1, message),
            next_line: false,
        }
    }

    /// Cuts JSON Lines into blocks of whole lines. Returns the bytes read, or `None`
    /// when the sink asked to stop.
    pub fn jsonl(&self, mut src: impl Read, sink: &mut Sink<'_>) -> Option<u64> {
        let mut total = 0u64;
        // The start of a line not yet ended: never holds a newline.
        let mut carry: Vec<u8> = Vec::new();
        let mut skipping = false;
        let mut first = true;
        loop {
            // A long partial line is read on in place rather than copied each time.
            let mut buf = if carry.len() >= BLOCK / 2 {
                std::mem::take(&mut carry)
            } else {
                let mut b = (self.spare)();
                b.append(&mut carry);
                b
            };
            let old = buf.len();
            let read = match (&mut src).take(BLOCK as u64).read_to_end(&mut buf) {
                Ok(n) => n,
                Err(e) => {
                    if !buf.is_empty() && !skipping && !sink(self.lines(buf)) {
                        return None;
                    }
                    let m = msg::GRADE_READ.fill(self.lang, &[&e]);
                    return sink(self.at_next_line(m)).then_some(total);
                }
            };
            total += read as u64;
            let eof = read < BLOCK;
            let mut old = old;
            if first && buf.starts_with(b"\xEF\xBB\xBF") {
                buf.drain(..3);
                old = 0;
            }
            first = false;
            let mut newline = memchr::memrchr(b'\n', &buf[old..]).map(|i| i + old);
            if !skipping {
                // The line begun before this read ends in it (or the input does): over
                // the limit, it is reported and dropped, as when its end never came.
                let end = memchr::memchr(b'\n', &buf[old..]).map_or(buf.len(), |i| i + old);
                if (end < buf.len() || eof) && end > MAX_LINE {
                    let m = msg::GRADE_LINE_TOO_LONG.fill(self.lang, &[&MAX_LINE]);
                    if !sink(self.at_next_line(m)) {
                        return None;
                    }
                    buf.drain(..(end + 1).min(buf.len()));
                    newline = memchr::memrchr(b'\n', &buf);
                }
            }
            if skipping {
                // The rest of an over-long line: drop it up to its newline.
                let Some(end) = memchr::memchr(b'\n', &buf[old..]) else {
                    if eof {
                        break;
                    }
                    buf.clear();
                    carry = buf;
                    continue;
                };
                buf.drain(..=old + end);
                skipping = false;
                newline = memchr::memrchr(b'\n', &buf);
            }
            let cut = match newline {
                _ if eof => buf.len(),
                Some(i) => i + 1,
                None if buf.len() > MAX_LINE => {
                    let m = msg::GRADE_LINE_TOO_LONG.fill(self.lang, &[&MAX_LINE]);
                    if !sink(self.at_next_line(m)) {
                        return None;
                    }
                    skipping = true;
                    continue;
                }
                None => {
                    carry = buf;
                    continue;
                }
            };
            carry.extend_from_slice(&buf[cut..]);
            buf.truncate(cut);
            if !buf.is_empty() && !sink(self.lines(buf)) {
                return None;
            }
            if eof {
                break;
            }
        }
        Some(total)
    }

    fn lines(&self, bytes: Vec<u8>) -> Batch {
        Batch::Lines {
            input: self.input,
            bytes,
        }
    }

    /// Parses CSV with an `id` and a `text` column into batches of rows, keeping only
    /// those two fields of each record; a record over [`MAX_LINE`] bytes is reported
    /// and skipped, and reading goes on.
    pub fn csv(&self, src: impl BufRead, sink: &mut Sink<'_>) -> Option<u64> {
        let mut records = Records::new(src, MAX_LINE);
        let mut columns = Columns::default();
        let mut name = Vec::new();
        let header = records.next(&mut |i, piece, last| {
            name.extend_from_slice(piece);
            if last {
                columns.add(i, &name);
                name.clear();
            }
        });
        match header {
            Ok(Next::Record { .. } | Next::End) => {}
            Ok(Next::TooLong { .. }) => {
                // Without its header nothing in the input can be read.
                let m = msg::GRADE_CSV_HEADER_TOO_LONG.fill(self.lang, &[&MAX_LINE]);
                return sink(self.at(1, m)).then_some(records.bytes());
            }
            Err(e) => return sink(self.read_error(1, &e)).then_some(records.bytes()),
        }
        let (id_at, text_at) = match (columns.id, columns.text) {
            (Some(i), Some(t)) => (i, t),
            (i, _) => {
                let missing = if i.is_none() { "id" } else { "text" };
                let listed = excerpt(&columns.listed);
                let m = msg::GRADE_CSV_COLUMN.fill(self.lang, &[&missing, &listed]);
                return sink(self.at(1, m)).then_some(records.bytes());
            }
        };
        let mut id = Vec::new();
        let mut text = Vec::new();
        let mut rows: Vec<Row> = Vec::new();
        let mut size = 0;
        loop {
            id.clear();
            text.clear();
            let next = records.next(&mut |i, piece, _| {
                if i == id_at {
                    id.extend_from_slice(piece);
                } else if i == text_at {
                    text.extend_from_slice(piece);
                }
            });
            let (problem, go_on) = match next {
                Ok(Next::Record { line, fields }) => {
                    size += id.len() + text.len();
                    let fields = Fields {
                        count: fields,
                        id_at,
                        text_at,
                    };
                    rows.push(self.row(line, &fields, &id, &mut text));
                    if size >= BLOCK {
                        size = 0;
                        if !sink(self.rows(std::mem::take(&mut rows))) {
                            return None;
                        }
                    }
                    continue;
                }
                Ok(Next::End) => break,
                Ok(Next::TooLong { line }) => {
                    let m = msg::GRADE_RECORD_TOO_LONG.fill(self.lang, &[&MAX_LINE]);
                    (self.at(line, m), true)
                }
                Err(e) => (self.read_error(records.line(), &e), false),
            };
            // A problem comes after the rows before it.
            if !rows.is_empty() && !sink(self.rows(std::mem::take(&mut rows))) {
                return None;
            }
            if !sink(problem) {
                return None;
            }
            if !go_on {
                return Some(records.bytes());
            }
        }
        if !rows.is_empty() && !sink(self.rows(rows)) {
            return None;
        }
        Some(records.bytes())
    }

    /// The row of a record whose `id` and `text` fields were read into `id` and
    /// `text`; the text's buffer is handed over rather than copied.
    fn row(&self, line: u64, fields: &Fields, id: &[u8], text: &mut Vec<u8>) -> Row {
        let missing = |name: &str| {
            let m = msg::GRADE_MISSING_FIELD.fill(self.lang, &[&name]);
            Row::Bad(self.problem(line, 1, m))
        };
        let not_utf8 = |name: &str, bytes: &[u8], e: std::str::Utf8Error| {
            // Columns are counted within the field: a record may span lines.
            let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            let m = format!("{name}: {}", msg::NOT_UTF8.get(self.lang));
            Row::Bad(self.problem(line, good.chars().count() + 1, m))
        };
        if fields.id_at >= fields.count {
            return missing("id");
        }
        let id = match std::str::from_utf8(id) {
            Ok(id) => id.to_owned(),
            Err(e) => return not_utf8("id", id, e),
        };
        if fields.text_at >= fields.count {
            return missing("text");
        }
        match String::from_utf8(std::mem::take(text)) {
            Ok(text) => Row::Conversation { line, id, text },
            Err(e) => not_utf8("text", e.as_bytes(), e.utf8_error()),
        }
    }

    fn rows(&self, rows: Vec<Row>) -> Batch {
        Batch::Rows {
            input: self.input,
            rows,
        }
    }

    fn read_error(&self, line: u64, e: &io::Error) -> Batch {
        self.at(line, msg::GRADE_READ.fill(self.lang, &[e]))
    }
}

/// Where a CSV record's wanted fields are, and how many it has.
struct Fields {
    count: usize,
    id_at: usize,
    text_at: usize,
}

/// What a CSV header says: where `id` and `text` are, and the start of its list of
/// columns for a message (never the whole of a runaway header).
#[derive(Default)]
struct Columns {
    id: Option<usize>,
    text: Option<usize>,
    listed: String,
}

impl Columns {
    fn add(&mut self, at: usize, name: &[u8]) {
        let name = String::from_utf8_lossy(name);
        let name = name.trim_start_matches('\u{feff}').trim();
        if name.eq_ignore_ascii_case("id") {
            self.id.get_or_insert(at);
        } else if name.eq_ignore_ascii_case("text") {
            self.text.get_or_insert(at);
        }
        if self.listed.chars().count() <= EXCERPT {
            if at > 0 {
                self.listed.push_str(", ");
            }
            let start = name
                .char_indices()
                .nth(EXCERPT + 1)
                .map_or(name, |(i, _)| &name[..i]);
            self.listed.push_str(&start.to_lowercase());
        }
    }
}

/// At most this many chars of an input's text are quoted in a message.
pub const EXCERPT: usize = 40;

/// `s` for a message: its first [`EXCERPT`] chars, with "…" when there is more.
pub fn excerpt(s: &str) -> Cow<'_, str> {
    match s.char_indices().nth(EXCERPT) {
        Some((at, _)) => Cow::Owned(format!("{}…", &s[..at])),
        None => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_the_first_chars_and_an_ellipsis() {
        assert_eq!(excerpt("短"), "短");
        let exact = "好".repeat(EXCERPT);
        assert_eq!(excerpt(&exact), exact);
        assert_eq!(excerpt(&format!("{exact}多")), format!("{exact}…"));
    }
}
