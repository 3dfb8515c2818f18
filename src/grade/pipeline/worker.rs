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

/// Whether a worker asks the prefilter about the lines of its next block. The
/// prefilter changes only speed, and on text where nearly every line holds a raw
/// form of some anchor (dialogue built from the very words the rules are about) it
/// costs more than it saves: after such a block, the next [`Sampler::REST`] blocks
/// go without it, then one block asks again, so that a file whose text changes
/// (another kind of conversation further down) gets the prefilter back.
#[derive(Debug, Default)]
pub(super) struct Sampler {
    /// Blocks still to grade without asking.
    rest: u32,
}

impl Sampler {
    /// Blocks graded without the prefilter after one where it paid for too little.
    const REST: u32 = 7;

    /// Whether to ask the prefilter about the next block.
    fn ask(&mut self) -> bool {
        if self.rest == 0 {
            return true;
        }
        self.rest -= 1;
        false
    }

    /// Learns from a block where `candidates` of `asked` lines were candidates: the
    /// prefilter pays only when more than a fifth of the lines are skipped.
    fn learn(&mut self, asked: usize, candidates: usize) {
        self.rest = if asked >= 32 && candidates * 5 > asked * 4 {
            Self::REST
        } else {
            0
        };
    }
}

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
        let mut sampler = Sampler::default();
        loop {
            let job = jobs.lock().ok().and_then(|rx| rx.recv().ok());
            let Some((batch, done_tx)) = job else { break };
            let mut done = Done {
                out: out_pool.get(input::BLOCK),
                ..Done::default()
            };
            if let Some(spent) = self.batch(batch, &mut done, &mut scratch, &mut sampler) {
                in_pool.put(spent);
            }
            // The writer has stopped when this fails: nothing left to do.
            let _ = done_tx.send(Item::Graded(done));
        }
    }

    /// Grades `batch` into `done`; returns its input buffer for reuse.
    fn batch(
        &self,
        batch: Batch,
        done: &mut Done,
        scratch: &mut Scratch,
        sampler: &mut Sampler,
    ) -> Option<Vec<u8>> {
        match batch {
            Batch::Lines { input, bytes } => {
                self.lines(input, &bytes, done, scratch, sampler);
                Some(bytes)
            }
            Batch::Mapped { input, bytes } => {
                self.lines(input, &bytes, done, scratch, sampler);
                None
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

    /// Grades a block of whole JSON lines of input `input` into `done`.
    fn lines(
        &self,
        input: usize,
        bytes: &[u8],
        done: &mut Done,
        scratch: &mut Scratch,
        sampler: &mut Sampler,
    ) {
        done.input = input;
        done.relative = true;
        // The usual block is UTF-8 throughout: validated once, its lines are
        // parsed as text; otherwise each line is validated on its own, so a
        // bad one is located.
        let text = simdutf8::basic::from_utf8(bytes).ok();
        let nothing = self.grader.nothing_found();
        let template = output::Template::new(&nothing);
        // The prefilter searches the whole block once; a line without a raw
        // form of an anchor is not normalised. Where nearly every line is a
        // candidate, it is asked only now and then.
        let ask = sampler.ask();
        let (mut asked, mut candidates) = (0, 0);
        let mut cursor = Cursor::default();
        let mut start = 0;
        let mut ends = memchr::memchr_iter(b'\n', bytes);
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
            // A line with a `\u` escape (which can write any char) is read in full
            // by `check_text`, and then graded like a candidate.
            let candidate = !ask || self.grader.may_hold_form_in(bytes, from, end, &mut cursor);
            asked += 1;
            candidates += usize::from(candidate);
            let parsed = match text.and_then(|t| t.get(from..from + raw.len())) {
                Some(t) if candidate => line::parse_text(t, self.lang).map(|c| (c, true)),
                Some(t) => line::check_text(t, self.lang),
                None => line::parse(raw, self.lang).map(|c| (c, true)),
            };
            match parsed {
                Ok((c, false)) => match &template {
                    Some(t) => Self::record_template(&c.id, t, done),
                    None => self.record(&c.id, &nothing, c.has_turns(), done),
                },
                Ok((c, _)) if !self.grader.applies(c.all_texts()) => {
                    self.not_applicable(&c.id, c.has_turns(), done);
                }
                Ok((c, _)) => self.grade(&c.id, &c.parts(), c.has_turns(), done, scratch),
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
        if ask {
            sampler.learn(asked, candidates);
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

    /// Counts and writes one conversation given the verdict of `template`.
    fn record_template(id: &str, template: &output::Template, done: &mut Done) {
        done.conversations += 1;
        if !template.passed() {
            done.failed += 1;
        }
        // Writing into a Vec cannot fail.
        let _ = template.line(&mut done.out, id);
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

#[cfg(test)]
mod tests {
    use super::Sampler;

    #[test]
    fn the_prefilter_rests_after_a_block_of_candidates_and_is_asked_again() {
        let mut s = Sampler::default();
        assert!(s.ask());
        s.learn(100, 95);
        let rested = (0..Sampler::REST).filter(|_| !s.ask()).count();
        assert_eq!(rested, Sampler::REST as usize);
        assert!(s.ask(), "asked again after the rest");
        // Skipping a fifth of the lines or more is worth it: it keeps being asked.
        s.learn(100, 80);
        assert!(s.ask());
        // Too few lines to judge by.
        s.learn(10, 10);
        assert!(s.ask());
    }
}
