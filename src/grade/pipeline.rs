//! The ordered parallel pipeline of `grade`: one reader thread cuts the inputs into
//! batches, worker threads parse and grade them, and the calling thread writes the
//! results in input order. Memory stays flat: at most a few batches are in flight
//! (the channels are bounded), and their buffers are reused.
//!
//! Order is kept without a reorder buffer: for each batch the reader queues, in
//! order, the receiving end of a one-shot channel on which a worker will send that
//! batch's result; the writer waits on those in turn.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use indicatif::ProgressBar;

use crate::error::Located;
use crate::i18n::{Lang, msg};

use super::grader::{Grader, Part, Scratch, Verdict};
use super::input::{self, Batch, Format, Reading, Row};
use super::line;
use super::output::{self, Summary};

pub struct Options {
    /// Worker threads, at least 1.
    pub threads: usize,
    /// Stop at the first input problem.
    pub strict: bool,
    pub lang: Lang,
    /// Shown on a terminal only; the caller decides.
    pub progress: Option<ProgressBar>,
}

pub struct Outcome {
    pub summary: Summary,
    /// With `strict`, the problem that stopped the run.
    pub fatal: Option<Located>,
}

/// What the writer receives for each batch, in input order.
enum Item {
    Graded(Done),
    /// Straight from the reader: see [`Batch::Problem`].
    Problem {
        input: usize,
        problem: Located,
        next_line: bool,
    },
    End {
        input: usize,
    },
}

/// One batch graded.
#[derive(Default)]
struct Done {
    input: usize,
    /// Lines the batch held (JSON Lines); its problems' line numbers count from the
    /// batch's first line, and the writer makes them absolute.
    lines: u64,
    relative: bool,
    /// Whether the batch held anything but blank lines.
    content: bool,
    out: Vec<u8>,
    conversations: u64,
    failed: u64,
    /// Per banned phrase (empty when no hits): hits, and conversations with a hit.
    hits: Vec<u64>,
    convs: Vec<u64>,
    problems: Vec<Located>,
}

/// The writer's place in the input being written.
#[derive(Default)]
struct Progress {
    input: usize,
    lines: u64,
    content: bool,
    problems: u64,
}

impl Progress {
    /// Resets the counts when `input` is a new input.
    fn start(&mut self, input: usize) {
        if input != self.input {
            *self = Progress {
                input,
                ..Progress::default()
            };
        }
    }
}

/// Buffers handed back for reuse, so the steady state allocates nothing large.
struct Pool(Mutex<Vec<Vec<u8>>>);

impl Pool {
    const KEEP: usize = 32;

    fn get(&self, capacity: usize) -> Vec<u8> {
        let spare = self.0.lock().ok().and_then(|mut p| p.pop());
        spare.unwrap_or_else(|| Vec::with_capacity(capacity))
    }

    fn put(&self, mut buf: Vec<u8>) {
        buf.clear();
        if let Ok(mut p) = self.0.lock()
            && p.len() < Self::KEEP
        {
            p.push(buf);
        }
    }
}

/// Grades every conversation of `inputs` (`-` is stdin), writing one JSON line each
/// to `out` in input order; `report` is called with each input problem, in order.
pub fn run(
    grader: &Grader<'_>,
    inputs: &[PathBuf],
    out: &mut dyn Write,
    report: &mut dyn FnMut(&Located),
    opts: &Options,
) -> io::Result<Outcome> {
    let started = Instant::now();
    let threads = opts.threads.max(1);
    let names: Vec<PathBuf> = inputs.iter().map(|p| input::display_name(p)).collect();
    let in_pool = Pool(Mutex::new(Vec::new()));
    let out_pool = Pool(Mutex::new(Vec::new()));
    let groups = grader.banned_phrases().len();
    let (job_tx, job_rx) = sync_channel::<(Batch, SyncSender<Item>)>(threads * 2);
    let job_rx = Mutex::new(job_rx);
    let (order_tx, order_rx) = sync_channel::<Receiver<Item>>(threads * 4);
    let mut summary = Summary::default();
    let mut hits = vec![0u64; groups];
    let mut convs = vec![0u64; groups];
    let written = std::thread::scope(|s| {
        let reader = s.spawn(|| read_all(inputs, &names, opts, &in_pool, order_tx, job_tx));
        for _ in 0..threads {
            s.spawn(|| {
                let work = Work {
                    grader,
                    names: &names,
                    lang: opts.lang,
                    strict: opts.strict,
                    groups,
                };
                let mut scratch = Scratch::default();
                loop {
                    let job = job_rx.lock().ok().and_then(|rx| rx.recv().ok());
                    let Some((batch, done_tx)) = job else { break };
                    let mut done = Done {
                        out: out_pool.get(input::BLOCK),
                        ..Done::default()
                    };
                    if let Some(spent) = work.batch(batch, &mut done, &mut scratch) {
                        in_pool.put(spent);
                    }
                    // The writer has stopped when this fails: nothing left to do.
                    let _ = done_tx.send(Item::Graded(done));
                }
            });
        }
        let write = || -> io::Result<Option<Located>> {
            // The input being written, its lines so far, and whether it held anything.
            let mut at = Progress::default();
            for rx in order_rx {
                let Ok(item) = rx.recv() else { continue };
                let mut problems = Vec::new();
                match item {
                    Item::Graded(done) => {
                        at.start(done.input);
                        out.write_all(&done.out)?;
                        out_pool.put(done.out);
                        summary.conversations += done.conversations;
                        summary.failed += done.failed;
                        for (total, n) in hits.iter_mut().zip(&done.hits) {
                            *total += n;
                        }
                        for (total, n) in convs.iter_mut().zip(&done.convs) {
                            *total += n;
                        }
                        at.content |= done.content;
                        for mut p in done.problems {
                            if done.relative {
                                p.line += at.lines as usize;
                            }
                            problems.push(p);
                        }
                        at.lines += done.lines;
                    }
                    Item::Problem {
                        input,
                        mut problem,
                        next_line,
                    } => {
                        at.start(input);
                        if next_line {
                            at.lines += 1;
                            problem.line = at.lines as usize;
                        }
                        problems.push(problem);
                    }
                    Item::End { input } => {
                        at.start(input);
                        if !at.content && at.problems == 0 {
                            let m = msg::GRADE_NO_CONVERSATIONS.get(opts.lang).to_owned();
                            problems.push(Located {
                                path: names[input].clone(),
                                line: 1,
                                column: 1,
                                message: m,
                            });
                        }
                    }
                }
                for p in &problems {
                    at.problems += 1;
                    summary.problems += 1;
                    report(p);
                }
                if opts.strict
                    && let Some(p) = problems.into_iter().next()
                {
                    return Ok(Some(p));
                }
            }
            out.flush()?;
            Ok(None)
        };
        // Returning drops `order_rx`, which stops the reader, which stops the workers.
        let written = write();
        summary.bytes = reader.join().unwrap_or(0);
        written
    });
    let fatal = written?;
    if let Some(pb) = &opts.progress {
        pb.finish_and_clear();
    }
    summary.seconds = started.elapsed().as_secs_f64();
    summary.top_banned = output::top(grader.banned_phrases(), &hits, &convs, 10);
    Ok(Outcome { summary, fatal })
}

/// The reader thread: every input in turn, as batches. Returns the bytes read.
fn read_all(
    inputs: &[PathBuf],
    names: &[PathBuf],
    opts: &Options,
    pool: &Pool,
    order_tx: SyncSender<Receiver<Item>>,
    job_tx: SyncSender<(Batch, SyncSender<Item>)>,
) -> u64 {
    let counter = Arc::new(AtomicU64::new(0));
    if let Some(pb) = &opts.progress {
        let sizes = inputs.iter().map(|p| {
            (p != Path::new("-"))
                .then(|| std::fs::metadata(p).ok())
                .flatten()
                .map(|m| m.len())
        });
        if let Some(total) = sizes.sum::<Option<u64>>() {
            pb.set_length(total);
        }
    }
    let mut sink = |batch: Batch| -> bool {
        let (done_tx, done_rx) = sync_channel(1);
        if order_tx.send(done_rx).is_err() {
            return false;
        }
        if let Some(pb) = &opts.progress {
            pb.set_position(counter.load(Ordering::Relaxed));
        }
        // Nothing to grade goes straight to the writer.
        match batch {
            Batch::Problem {
                input,
                problem,
                next_line,
            } => done_tx
                .send(Item::Problem {
                    input,
                    problem,
                    next_line,
                })
                .is_ok(),
            Batch::End { input } => done_tx.send(Item::End { input }).is_ok(),
            batch => job_tx.send((batch, done_tx)).is_ok(),
        }
    };
    let spare = || pool.get(input::BLOCK + input::BLOCK / 4);
    let mut total = 0;
    for (i, (path, name)) in inputs.iter().zip(names).enumerate() {
        let reading = Reading {
            input: i,
            name,
            lang: opts.lang,
            spare: &spare,
        };
        let src = match input::open(path, Arc::clone(&counter)) {
            Ok(src) => src,
            Err(e) => {
                let m = msg::IO.fill(opts.lang, &[&name.display(), &e]);
                let p = Located {
                    path: name.clone(),
                    line: 0,
                    column: 0,
                    message: m,
                };
                let problem = Batch::Problem {
                    input: i,
                    problem: p,
                    next_line: false,
                };
                if sink(problem) && sink(Batch::End { input: i }) {
                    continue;
                }
                break;
            }
        };
        let read = match input::format_of(path) {
            Format::Jsonl => reading.jsonl(src, &mut sink),
            Format::Csv => reading.csv(src, &mut sink),
        };
        match read {
            Some(n) if sink(Batch::End { input: i }) => total += n,
            _ => break,
        }
    }
    total
}

/// What a worker needs to grade a batch.
struct Work<'a, 'r> {
    grader: &'a Grader<'r>,
    names: &'a [PathBuf],
    lang: Lang,
    strict: bool,
    groups: usize,
}

impl Work<'_, '_> {
    /// Grades `batch` into `done`; returns its input buffer for reuse.
    fn batch(&self, batch: Batch, done: &mut Done, scratch: &mut Scratch) -> Option<Vec<u8>> {
        match batch {
            Batch::Lines { input, bytes } => {
                done.input = input;
                done.relative = true;
                let mut start = 0;
                let mut ends = memchr::memchr_iter(b'\n', &bytes);
                while start < bytes.len() {
                    let end = ends.next().unwrap_or(bytes.len());
                    let raw = &bytes[start..end];
                    start = end + 1;
                    done.lines += 1;
                    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
                    if raw.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    done.content = true;
                    match line::parse(raw, self.lang) {
                        Ok(c) if !self.grader.applies(c.all_texts()) => {
                            self.not_applicable(&c.id, c.has_turns(), done);
                        }
                        Ok(c) => self.grade(&c.id, &c.parts(), c.has_turns(), done, scratch),
                        Err(p) => {
                            done.problems.push(Located {
                                path: self.names[input].clone(),
                                line: done.lines as usize,
                                column: p.column,
                                message: p.message,
                            });
                            if self.strict {
                                break;
                            }
                        }
                    }
                }
                Some(bytes)
            }
            Batch::Rows { input, rows } => {
                done.input = input;
                done.content = !rows.is_empty();
                for row in rows {
                    match row {
                        Row::Conversation { id, text, .. }
                            if !self.grader.applies(std::iter::once(text.as_str())) =>
                        {
                            self.not_applicable(&id, false, done);
                        }
                        Row::Conversation { id, text, .. } => {
                            let part = Part {
                                turn: None,
                                text: &text,
                            };
                            self.grade(&id, &[part], false, done, scratch);
                        }
                        Row::Bad(p) => {
                            done.problems.push(p);
                            if self.strict {
                                break;
                            }
                        }
                    }
                }
                None
            }
            // The reader sends these to the writer itself.
            Batch::Problem { .. } | Batch::End { .. } => None,
        }
    }

    /// A conversation outside the rules' context: counted, passed, written.
    fn not_applicable(&self, id: &str, turns: bool, done: &mut Done) {
        done.conversations += 1;
        let v = self.grader.not_applicable();
        // Writing into a Vec cannot fail.
        let _ = output::line(&mut done.out, id, &v, turns);
    }

    fn grade(
        &self,
        id: &str,
        parts: &[Part<'_>],
        turns: bool,
        done: &mut Done,
        scratch: &mut Scratch,
    ) {
        let v: Verdict<'_> = self.grader.grade_with(parts, scratch);
        done.conversations += 1;
        if !v.passed {
            done.failed += 1;
        }
        if !v.banned.is_empty() && done.hits.is_empty() {
            done.hits = vec![0; self.groups];
            done.convs = vec![0; self.groups];
        }
        for b in &v.banned {
            done.hits[b.group] += b.hits.len() as u64;
            done.convs[b.group] += 1;
        }
        // Writing into a Vec cannot fail.
        let _ = output::line(&mut done.out, id, &v, turns);
    }
}
