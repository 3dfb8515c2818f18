//! The workers of the pipeline: each takes batches, parses and grades their
//! conversations, and hands the results to the writer.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender};

use crate::error::Located;
use crate::i18n::Lang;

use super::super::grader::{Grader, Part, Scratch, Verdict};
use super::super::input::{self, Batch, Row};
use super::super::prefilter::Cursor;
use super::super::{line, output};
use super::{Done, Item, Pool};

/// What a worker needs to grade a batch.
pub(super) struct Work<'a, 'r> {
    pub(super) grader: &'a Grader<'r>,
    pub(super) names: &'a [PathBuf],
    pub(super) lang: Lang,
    pub(super) strict: bool,
    pub(super) groups: usize,
}

impl Work<'_, '_> {
    /// A worker thread: grades batches until the reader stops.
    pub(super) fn serve(
        &self,
        jobs: &Mutex<Receiver<(Batch, SyncSender<Item>)>>,
        in_pool: &Pool,
        out_pool: &Pool,
    ) {
        let mut scratch = Scratch::default();
        loop {
            let job = jobs.lock().ok().and_then(|rx| rx.recv().ok());
            let Some((batch, done_tx)) = job else { break };
            let mut done = Done {
                out: out_pool.get(input::BLOCK),
                ..Done::default()
            };
            if let Some(spent) = self.batch(batch, &mut done, &mut scratch) {
                in_pool.put(spent);
            }
            // The writer has stopped when this fails: nothing left to do.
            let _ = done_tx.send(Item::Graded(done));
        }
    }

    /// Grades `batch` into `done`; returns its input buffer for reuse.
    fn batch(&self, batch: Batch, done: &mut Done, scratch: &mut Scratch) -> Option<Vec<u8>> {
        match batch {
            Batch::Lines { input, bytes } => {
                done.input = input;
                done.relative = true;
                // The usual block is UTF-8 throughout: validated once, its lines are
                // parsed as text; otherwise each line is validated on its own, so a
                // bad one is located.
                let text = simdutf8::basic::from_utf8(&bytes).ok();
                let nothing = self.grader.nothing_found();
                // The prefilter searches the whole block once; a line without a raw
                // form of an anchor is not normalised.
                let mut cursor = Cursor::default();
                let mut start = 0;
                let mut ends = memchr::memchr_iter(b'\n', &bytes);
                while start < bytes.len() {
                    let end = ends.next().unwrap_or(bytes.len());
                    let from = start;
                    let raw = &bytes[start..end];
                    start = end + 1;
                    done.lines += 1;
                    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
                    if raw.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    done.content = true;
                    let candidate = self.grader.may_match_in(&bytes, from, end, &mut cursor);
                    let parsed = match text.and_then(|t| t.get(from..from + raw.len())) {
                        Some(t) => line::parse_text(t, self.lang),
                        None => line::parse(raw, self.lang),
                    };
                    match parsed {
                        Ok(c) if !candidate => {
                            self.record(&c.id, &nothing, c.has_turns(), done);
                        }
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
        self.record(id, &self.grader.not_applicable(), turns, done);
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
        self.record(id, &v, turns, done);
    }

    /// Counts and writes one conversation's verdict.
    fn record(&self, id: &str, v: &Verdict<'_>, turns: bool, done: &mut Done) {
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
        let _ = output::line(&mut done.out, id, v, turns);
    }
}
