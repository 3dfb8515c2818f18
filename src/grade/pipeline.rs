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

use super::grader::Grader;
use super::input::{self, Batch, Format, Reading};
use super::output::{self, Summary};

mod worker;

use worker::Work;

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
    let mut writer = Writer {
        out,
        report,
        pool: &out_pool,
        names: &names,
        opts,
        at: Progress::default(),
        summary: Summary::default(),
        hits: vec![0; groups],
        convs: vec![0; groups],
    };
    let work = Work {
        grader,
        names: &names,
        lang: opts.lang,
        strict: opts.strict,
        groups,
    };
    let written = std::thread::scope(|s| {
        let reader = s.spawn(|| read_all(inputs, &names, opts, &in_pool, order_tx, job_tx));
        for _ in 0..threads {
            s.spawn(|| work.serve(&job_rx, &in_pool, &out_pool));
        }
        // Returning drops `order_rx`, which stops the reader, which stops the workers.
        let written = writer.write_all(order_rx);
        writer.summary.bytes = reader.join().unwrap_or(0);
        written
    });
    let fatal = written?;
    if let Some(pb) = &opts.progress {
        pb.finish_and_clear();
    }
    let mut summary = writer.summary;
    summary.seconds = started.elapsed().as_secs_f64();
    summary.top_banned = output::top(grader.banned_phrases(), &writer.hits, &writer.convs, 10);
    Ok(Outcome { summary, fatal })
}

/// The writing end: results in input order, problems reported with absolute line
/// numbers, and the totals of the summary.
struct Writer<'a> {
    out: &'a mut dyn Write,
    report: &'a mut dyn FnMut(&Located),
    pool: &'a Pool,
    names: &'a [PathBuf],
    opts: &'a Options,
    /// The input being written, its lines so far, and whether it held anything.
    at: Progress,
    summary: Summary,
    /// Per banned phrase: hits, and conversations with a hit.
    hits: Vec<u64>,
    convs: Vec<u64>,
}

impl Writer<'_> {
    /// Writes every batch's result in the order the reader queued them; with
    /// `strict`, returns the first problem and stops.
    fn write_all(&mut self, order: Receiver<Receiver<Item>>) -> io::Result<Option<Located>> {
        for rx in order {
            let Ok(item) = rx.recv() else { continue };
            let problems = self.take(item)?;
            for p in &problems {
                self.at.problems += 1;
                self.summary.problems += 1;
                (self.report)(p);
            }
            if self.opts.strict
                && let Some(p) = problems.into_iter().next()
            {
                return Ok(Some(p));
            }
        }
        self.out.flush()?;
        Ok(None)
    }

    /// Writes one item's results and adds up its counts; returns its problems.
    fn take(&mut self, item: Item) -> io::Result<Vec<Located>> {
        let mut problems = Vec::new();
        match item {
            Item::Graded(done) => {
                self.at.start(done.input);
                self.out.write_all(&done.out)?;
                self.pool.put(done.out);
                self.summary.conversations += done.conversations;
                self.summary.failed += done.failed;
                for (total, n) in self.hits.iter_mut().zip(&done.hits) {
                    *total += n;
                }
                for (total, n) in self.convs.iter_mut().zip(&done.convs) {
                    *total += n;
                }
                self.at.content |= done.content;
                for mut p in done.problems {
                    if done.relative {
                        p.line += self.at.lines as usize;
                    }
                    problems.push(p);
                }
                self.at.lines += done.lines;
            }
            Item::Problem {
                input,
                mut problem,
                next_line,
            } => {
                self.at.start(input);
                if next_line {
                    self.at.lines += 1;
                    problem.line = self.at.lines as usize;
                }
                problems.push(problem);
            }
            Item::End { input } => {
                self.at.start(input);
                if !self.at.content && self.at.problems == 0 {
                    let m = msg::GRADE_NO_CONVERSATIONS.get(self.opts.lang).to_owned();
                    problems.push(Located {
                        path: self.names[input].clone(),
                        line: 1,
                        column: 1,
                        message: m,
                    });
                }
            }
        }
        Ok(problems)
    }
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
        if input::format_of(path) == Format::Jsonl
            && let Some(map) = input::Map::open(path)
        {
            match reading.jsonl_mapped(&map, &counter, &mut sink) {
                Some(n) if sink(Batch::End { input: i }) => total += n,
                _ => break,
            }
            continue;
        }
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
