//! A regular JSON Lines file read through a memory map rather than copied into
//! buffers: blocks of whole lines are handed to the workers as stretches of the map,
//! and the pages of a block are let go of once it is graded, so the memory counted to
//! the process stays a few blocks whatever the file's size (the pages themselves stay
//! in the page cache).
//!
//! A file another program truncates while it is mapped makes reading past its new end
//! a fault (SIGBUS) that ends the process, as with ripgrep, which maps single files the
//! same way: `grade` audits files that are written once and then read. Stdin, pipes,
//! gzip, empty files and anything that cannot be mapped are read as before.

use std::fs::File;
use std::ops::{Deref, Range};
use std::os::fd::AsRawFd;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::i18n::msg;

use super::{Batch, MAX_LINE, Reading, Sink};

/// The most bytes of whole lines handed to a worker at a time. Larger than the
/// reader's [`super::BLOCK`]: a stretch costs no copy, and each one handed over costs
/// a few thread switches and a release of its pages (which the other worker's CPU
/// is told of): at an eighth of this size, grading a 300 MB file of mostly English
/// lines took 10–20% more CPU time, and at half of it 2–3% more on the everyday
/// corpora of `scripts/bench-grade.sh`, for a peak memory of 14.4 MB instead of
/// 16.7 MB.
pub const STRETCH: usize = 2 * 1024 * 1024;

/// A read-only private map of a whole file.
#[derive(Debug)]
pub struct Map {
    ptr: *mut libc::c_void,
    len: usize,
}

// The map is read-only and never remapped while shared: reading it from several
// threads is reading immutable memory.
unsafe impl Send for Map {}
unsafe impl Sync for Map {}

impl Map {
    /// The map of `path` when it is a regular, non-empty file that does not start
    /// with gzip's magic; `None` means read it the usual way.
    pub fn open(path: &Path) -> Option<Arc<Map>> {
        // Looked at before opening: opening a named pipe here, then again to read it,
        // could leave its writer without a reader in between.
        if path == Path::new("-") || !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
            return None;
        }
        let file = File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        let len = usize::try_from(meta.len()).ok()?;
        if !meta.is_file() || len == 0 {
            return None;
        }
        // SAFETY: a fresh read-only private mapping of an open file; the result is
        // checked before use and unmapped once, on drop.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return None;
        }
        let map = Arc::new(Map { ptr, len });
        // SAFETY: advice on the range just mapped.
        unsafe { libc::madvise(map.ptr, map.len, libc::MADV_SEQUENTIAL) };
        (!map.bytes().starts_with(&[0x1f, 0x8b])).then_some(map)
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` maps `len` readable bytes for as long as `self` lives.
        unsafe { std::slice::from_raw_parts(self.ptr.cast::<u8>(), self.len) }
    }

    /// Lets go of the pages that lie in `range` (from the page holding its start):
    /// they leave the process's memory and come back from the page cache if read
    /// again, so releasing a page a neighbouring block still reads costs a fault,
    /// never a wrong byte.
    fn release(&self, range: Range<usize>) {
        const PAGE: usize = 4096;
        let start = range.start / PAGE * PAGE;
        let end = if range.end >= self.len {
            self.len
        } else {
            range.end / PAGE * PAGE
        };
        if start < end {
            // SAFETY: a sub-range of the mapping, starting on a page boundary.
            unsafe {
                libc::madvise(
                    self.ptr.cast::<u8>().add(start).cast(),
                    end - start,
                    libc::MADV_DONTNEED,
                )
            };
        }
    }
}

impl Drop for Map {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly what `open` mapped, once.
        unsafe { libc::munmap(self.ptr, self.len) };
    }
}

/// A block of whole lines of a mapped file; its pages are released when it is dropped.
#[derive(Debug)]
pub struct Stretch {
    map: Arc<Map>,
    range: Range<usize>,
}

impl Deref for Stretch {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        self.map.bytes().get(self.range.clone()).unwrap_or_default()
    }
}

impl Drop for Stretch {
    fn drop(&mut self) {
        self.map.release(self.range.clone());
    }
}

impl Reading<'_> {
    /// [`Reading::jsonl`] over a mapped file: the same blocks, lines and problems.
    pub fn jsonl_mapped(
        &self,
        map: &Arc<Map>,
        counter: &AtomicU64,
        sink: &mut Sink<'_>,
    ) -> Option<u64> {
        let data = map.bytes();
        let mut pos = if data.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        while pos < data.len() {
            let limit = (pos + STRETCH).min(data.len());
            let cut = match memchr::memrchr(b'\n', &data[pos..limit]) {
                _ if limit == data.len() => data.len(),
                Some(i) => pos + i + 1,
                // A line longer than a block: up to its end, unless it is over the limit.
                None => match self.line_end(map, pos) {
                    Some(end) => end,
                    None => {
                        let m = msg::GRADE_LINE_TOO_LONG.fill(self.lang, &[&MAX_LINE]);
                        if !sink(self.at_next_line(m)) {
                            return None;
                        }
                        pos = self.skip_line(map, pos);
                        counter.store(pos as u64, Ordering::Relaxed);
                        continue;
                    }
                },
            };
            let stretch = Stretch {
                map: Arc::clone(map),
                range: pos..cut,
            };
            counter.store(cut as u64, Ordering::Relaxed);
            if !sink(Batch::Mapped {
                input: self.input,
                bytes: stretch,
            }) {
                return None;
            }
            pos = cut;
        }
        Some(data.len() as u64)
    }

    /// The end (after its newline, or the end of the data) of the line starting at
    /// `pos`, when it holds at most [`MAX_LINE`] bytes before its newline.
    fn line_end(&self, map: &Map, pos: usize) -> Option<usize> {
        let data = map.bytes();
        let reach = (pos + MAX_LINE + 1).min(data.len());
        match memchr::memchr(b'\n', &data[pos..reach]) {
            Some(i) => Some(pos + i + 1),
            None if data.len() - pos <= MAX_LINE => Some(data.len()),
            None => None,
        }
    }

    /// Where the over-long line at `pos` ends: after its newline, or at the end of the
    /// data. It is searched a megabyte at a time, each let go of once searched, so a
    /// runaway line does not take the memory.
    fn skip_line(&self, map: &Map, pos: usize) -> usize {
        const STEP: usize = 1 << 20;
        let data = map.bytes();
        let mut from = pos;
        while from < data.len() {
            let to = (from + STEP).min(data.len());
            if let Some(i) = memchr::memchr(b'\n', &data[from..to]) {
                return from + i + 1;
            }
            map.release(from..to);
            from = to;
        }
        data.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// What a reader sends, as text: the bytes of each block of lines, and each
    /// problem with whether it is at the next line.
    fn sent(read: impl FnOnce(&Reading<'_>, &mut Sink<'_>) -> Option<u64>) -> Vec<String> {
        let mut out = Vec::new();
        let spare = Vec::new;
        let reading = Reading {
            input: 0,
            name: Path::new("in.jsonl"),
            lang: Lang::En,
            spare: &spare,
        };
        let mut sink = |batch: Batch| {
            out.push(match batch {
                Batch::Lines { bytes, .. } => String::from_utf8_lossy(&bytes).into_owned(),
                Batch::Mapped { bytes, .. } => String::from_utf8_lossy(&bytes).into_owned(),
                Batch::Problem {
                    problem, next_line, ..
                } => format!("{next_line} {}", problem.message),
                other => format!("{other:?}"),
            });
            true
        };
        let total = read(&reading, &mut sink);
        out.push(format!("{total:?}"));
        out
    }

    /// Lines joined across blocks, so that the two readers (which cut blocks at
    /// different places) compare equal: problems stay where they are. Long text is
    /// shown by its length and ends.
    fn joined(sent: Vec<String>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut text = String::new();
        for s in sent {
            if s.starts_with("true ") || s.starts_with("Some(") {
                if !text.is_empty() {
                    out.push(std::mem::take(&mut text));
                }
                out.push(s);
            } else {
                text.push_str(&s);
            }
        }
        out.iter()
            .map(|s| match s.char_indices().nth(40) {
                Some(_) => {
                    let tail: String = s.chars().rev().take(20).collect();
                    let head: String = s.chars().take(20).collect();
                    format!(
                        "{} bytes: {head}…{}",
                        s.len(),
                        tail.chars().rev().collect::<String>()
                    )
                }
                None => s.clone(),
            })
            .collect()
    }

    #[test]
    fn a_mapped_file_is_read_as_the_reader_reads_it() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let long = "好".repeat(STRETCH);
        // Well over the limit, just over it (its newline in the block that crosses
        // the limit), and at it.
        let runaway = "x".repeat(MAX_LINE + 3 * STRETCH);
        let over = "x".repeat(MAX_LINE + 1);
        let at = "x".repeat(MAX_LINE);
        let cases = [
            "{\"id\":\"a\"}\n{\"id\":\"b\"}\n".to_owned(),
            "\u{feff}{\"id\":\"a\"}\r\n\r\n{\"id\":\"b\"}".to_owned(),
            format!("a\n{long}\nb\n{long}"),
            format!("a\n{runaway}\nb\n"),
            format!("a\n{runaway}"),
            format!("a\n{over}\nb\n"),
            format!("a\n{over}\r\nb"),
            format!("a\n{over}"),
            format!("{over}\nb\n"),
            format!("a\n{at}\nb\n"),
            format!("a\n{at}"),
            "\n\n\n".to_owned(),
        ];
        for (i, case) in cases.iter().enumerate() {
            let path = dir.path().join(format!("{i}.jsonl"));
            std::fs::write(&path, case).unwrap_or_else(|e| panic!("{e}"));
            let Some(map) = Map::open(&path) else {
                panic!("case {i} not mapped");
            };
            let counter = AtomicU64::new(0);
            let mapped = sent(|r, sink| r.jsonl_mapped(&map, &counter, sink));
            let read = sent(|r, sink| r.jsonl(case.as_bytes(), sink));
            assert_eq!(joined(mapped), joined(read), "case {i}");
            assert_eq!(counter.load(Ordering::Relaxed), case.len() as u64);
        }
    }

    #[test]
    fn empty_gzip_stdin_and_pipe_inputs_are_not_mapped() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let empty = dir.path().join("empty.jsonl");
        let gz = dir.path().join("in.jsonl.gz");
        std::fs::write(&empty, "").unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&gz, [0x1f, 0x8b, 8, 0]).unwrap_or_else(|e| panic!("{e}"));
        assert!(Map::open(&empty).is_none());
        assert!(Map::open(&gz).is_none());
        assert!(Map::open(Path::new("-")).is_none());
        assert!(Map::open(dir.path()).is_none(), "a folder");
        // A named pipe is left to the reader without being opened (opening it would
        // wait for a writer).
        let fifo = dir.path().join("pipe.jsonl");
        let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        assert!(Map::open(&fifo).is_none());
    }
}
