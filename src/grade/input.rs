//! Reading `grade` inputs as a stream of [`Batch`]es, in input order, in bounded
//! memory: JSON Lines are cut into blocks of whole lines (parsed later, by the
//! workers); CSV records (which may hold quoted newlines) are parsed here. Gzip is
//! recognised by its magic bytes, `-` is stdin. Every problem is a located [`Batch`],
//! so it is reported in order and never stops the other inputs.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::Located;
use crate::i18n::{Lang, msg};

/// A JSON Lines block is cut after the last newline once it holds this many bytes.
pub const BLOCK: usize = 256 * 1024;

/// A longer line is reported and skipped, so one runaway line cannot take the memory.
pub const MAX_LINE: usize = 16 * 1024 * 1024;

/// What the name `-` stands for in messages.
pub const STDIN: &str = "<stdin>";

/// Work for the pipeline, in input order.
#[derive(Debug)]
pub enum Batch {
    /// Whole JSON lines of input `input`, following those of the batches before.
    /// Line numbers are counted by whoever parses them, so reading stays a copy.
    Lines { input: usize, bytes: Vec<u8> },
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
pub fn open(path: &Path, counter: Arc<AtomicU64>) -> io::Result<Box<dyn Read + Send>> {
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

    /// Parses CSV with an `id` and a `text` column into batches of rows.
    pub fn csv(&self, src: impl Read, sink: &mut Sink<'_>) -> Option<u64> {
        let counted = Counting {
            inner: src,
            count: Arc::new(AtomicU64::new(0)),
        };
        let total = Arc::clone(&counted.count);
        let bytes_read = || total.load(Ordering::Relaxed);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_reader(counted);
        let header = match reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => return sink(self.csv_error(1, &e)).then_some(bytes_read()),
        };
        let names: Vec<String> = header
            .iter()
            .map(|h| {
                let h = String::from_utf8_lossy(h);
                h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase()
            })
            .collect();
        let column = |name: &str| names.iter().position(|n| n == name);
        let (id_at, text_at) = match (column("id"), column("text")) {
            (Some(i), Some(t)) => (i, t),
            (i, _) => {
                let missing = if i.is_none() { "id" } else { "text" };
                let m = msg::GRADE_CSV_COLUMN.fill(self.lang, &[&missing, &names.join(", ")]);
                return sink(self.at(1, m)).then_some(bytes_read());
            }
        };
        let mut record = csv::ByteRecord::new();
        let mut rows: Vec<Row> = Vec::new();
        let mut size = 0;
        loop {
            let line = reader.position().line() + 1;
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    if !rows.is_empty() && !sink(self.rows(std::mem::take(&mut rows))) {
                        return None;
                    }
                    return sink(self.csv_error(line, &e)).then_some(bytes_read());
                }
            }
            let line = record.position().map_or(line, |p| p.line());
            size += record.as_slice().len();
            rows.push(self.row(line, &record, id_at, text_at));
            if size >= BLOCK {
                size = 0;
                if !sink(self.rows(std::mem::take(&mut rows))) {
                    return None;
                }
            }
        }
        if !rows.is_empty() && !sink(self.rows(rows)) {
            return None;
        }
        Some(bytes_read())
    }

    fn row(&self, line: u64, record: &csv::ByteRecord, id_at: usize, text_at: usize) -> Row {
        let field = |at: usize, name: &str| -> Result<String, Located> {
            let Some(bytes) = record.get(at) else {
                let m = msg::GRADE_MISSING_FIELD.fill(self.lang, &[&name]);
                return Err(self.problem(line, 1, m));
            };
            match std::str::from_utf8(bytes) {
                Ok(s) => Ok(s.to_owned()),
                Err(e) => {
                    // Columns are counted within the field: a record may span lines.
                    let good = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
                    let m = format!("{name}: {}", msg::NOT_UTF8.get(self.lang));
                    Err(self.problem(line, good.chars().count() + 1, m))
                }
            }
        };
        match (field(id_at, "id"), field(text_at, "text")) {
            (Ok(id), Ok(text)) => Row::Conversation { line, id, text },
            (Err(e), _) | (_, Err(e)) => Row::Bad(e),
        }
    }

    fn rows(&self, rows: Vec<Row>) -> Batch {
        Batch::Rows {
            input: self.input,
            rows,
        }
    }

    fn csv_error(&self, line: u64, e: &csv::Error) -> Batch {
        self.at(line, msg::GRADE_READ.fill(self.lang, &[e]))
    }
}
