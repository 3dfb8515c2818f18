//! What `grade` writes: one JSON object per conversation, and the batch summary
//! (text or JSON) for stderr. Field names are a contract: add, never rename.
//!
//! ```json
//! {"id": "c1", "passed": false,
//!  "banned": [{"phrase": "喂", "count": 2, "offsets": [[0, 1], [9, 10]], "turns": [0, 2]}],
//!  "missing": ["报出银行"],
//!  "conversation": [{"rule": "mentions", "phrases": ["李先生"], "at_least": 3, "count": 1, "met": false}]}
//! ```
//!
//! `offsets` are `[start, end)` in chars (Unicode scalar values) of the original text;
//! for `turns` input, `turns[i]` is the index (in the input's `turns`) of the turn that
//! hit `i` is in, and its offsets are within that turn's text.

use std::io::{self, Write};

use serde::Serialize;

use crate::i18n::{Lang, msg};

use super::grader::Verdict;

/// Appends one conversation's JSON object and a newline to `out`: the fields, in
/// this order, and the bytes `serde_json` writes for them (compact), written by hand
/// since it is done for every conversation.
pub fn line(out: &mut Vec<u8>, id: &str, v: &Verdict<'_>, turns: bool) -> io::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    string(out, id)?;
    after_id(out, v, turns)
}

/// What [`line`] writes for one verdict with no banned hits (then whether the input
/// had turns changes nothing), whatever the id: everything after the id, computed
/// once and copied for each conversation given that verdict (the usual one is
/// "nothing found").
#[derive(Debug)]
pub struct Template {
    passed: bool,
    after_id: Vec<u8>,
}

impl Template {
    /// The template of `v`; `None` when `v` has banned hits.
    pub fn new(v: &Verdict<'_>) -> Option<Template> {
        if !v.banned.is_empty() {
            return None;
        }
        let mut bytes = Vec::new();
        after_id(&mut bytes, v, false).ok()?;
        Some(Template {
            passed: v.passed,
            after_id: bytes,
        })
    }

    /// Whether the verdict passed.
    pub fn passed(&self) -> bool {
        self.passed
    }

    /// [`line`] of the conversation `id` given the template's verdict.
    pub fn line(&self, out: &mut Vec<u8>, id: &str) -> io::Result<()> {
        out.extend_from_slice(b"{\"id\":");
        string(out, id)?;
        out.extend_from_slice(&self.after_id);
        Ok(())
    }
}

/// The fields of [`line`] after the id, and its newline.
fn after_id(out: &mut Vec<u8>, v: &Verdict<'_>, turns: bool) -> io::Result<()> {
    out.extend_from_slice(if v.passed {
        b",\"passed\":true,\"banned\":["
    } else {
        b",\"passed\":false,\"banned\":["
    });
    for (i, b) in v.banned.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"phrase\":");
        string(out, b.phrase)?;
        out.extend_from_slice(b",\"count\":");
        number(out, b.hits.len() as u64);
        out.extend_from_slice(b",\"offsets\":[");
        for (j, h) in b.hits.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            out.push(b'[');
            number(out, u64::from(h.start));
            out.push(b',');
            number(out, u64::from(h.end));
            out.push(b']');
        }
        out.push(b']');
        if turns {
            out.extend_from_slice(b",\"turns\":[");
            for (j, h) in b.hits.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                number(out, u64::from(h.turn.unwrap_or(0)));
            }
            out.push(b']');
        }
        out.push(b'}');
    }
    out.extend_from_slice(b"],\"missing\":[");
    for (i, m) in v.missing.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        string(out, m)?;
    }
    out.extend_from_slice(b"],\"conversation\":[");
    for (i, r) in v.conversation.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"rule\":\"mentions\",\"phrases\":[");
        for (j, p) in r.phrases.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            string(out, p)?;
        }
        out.extend_from_slice(b"],\"at_least\":");
        number(out, u64::from(r.at_least));
        out.extend_from_slice(b",\"count\":");
        number(out, r.count as u64);
        out.extend_from_slice(if r.met {
            b",\"met\":true}"
        } else {
            b",\"met\":false}"
        });
    }
    out.extend_from_slice(b"]}\n");
    Ok(())
}

/// A JSON string: as is between quotes when nothing needs escaping (the usual case),
/// else escaped by `serde_json`.
fn string(out: &mut Vec<u8>, s: &str) -> io::Result<()> {
    let plain = s
        .bytes()
        .fold(true, |ok, b| ok & (b >= 0x20) & (b != b'"') & (b != b'\\'));
    if plain {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        Ok(())
    } else {
        serde_json::to_writer(&mut *out, s).map_err(io::Error::from)
    }
}

/// A whole number in decimal.
fn number(out: &mut Vec<u8>, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Totals of one batch run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub conversations: u64,
    pub failed: u64,
    /// Bad lines, missing files, read errors.
    pub problems: u64,
    /// Input bytes read (after decompression).
    pub bytes: u64,
    pub seconds: f64,
    /// The most frequent banned phrases: (phrase, hits, conversations), most first.
    pub top_banned: Vec<(String, u64, u64)>,
}

#[derive(Serialize)]
struct SummaryJson<'a> {
    conversations: u64,
    passed: u64,
    failed: u64,
    problems: u64,
    bytes: u64,
    seconds: f64,
    bytes_per_second: u64,
    top_banned: Vec<TopJson<'a>>,
}

#[derive(Serialize)]
struct TopJson<'a> {
    phrase: &'a str,
    count: u64,
    conversations: u64,
}

impl Summary {
    pub fn bytes_per_second(&self) -> u64 {
        if self.seconds > 0.0 {
            (self.bytes as f64 / self.seconds) as u64
        } else {
            0
        }
    }

    pub fn write_text(&self, w: &mut dyn Write, lang: Lang) -> io::Result<()> {
        let counts = [&self.conversations, &self.failed, &self.problems];
        writeln!(
            w,
            "{}",
            msg::GRADE_SUMMARY.fill(lang, &counts.map(|c| c as _))
        )?;
        let speed = format!("{:.1}", self.bytes_per_second() as f64 / 1e6);
        let seconds = format!("{:.2}", self.seconds);
        writeln!(
            w,
            "{}",
            msg::GRADE_SPEED.fill(lang, &[&self.bytes, &seconds, &speed])
        )?;
        if !self.top_banned.is_empty() {
            writeln!(w, "{}", msg::GRADE_TOP_BANNED.get(lang))?;
            for (phrase, hits, convs) in &self.top_banned {
                writeln!(
                    w,
                    "{}",
                    msg::GRADE_TOP_ROW.fill(lang, &[phrase, hits, convs])
                )?;
            }
        }
        Ok(())
    }

    pub fn write_json(&self, w: &mut dyn Write) -> io::Result<()> {
        let value = SummaryJson {
            conversations: self.conversations,
            passed: self.conversations - self.failed.min(self.conversations),
            failed: self.failed,
            problems: self.problems,
            bytes: self.bytes,
            seconds: self.seconds,
            bytes_per_second: self.bytes_per_second(),
            top_banned: self
                .top_banned
                .iter()
                .map(|(phrase, count, conversations)| TopJson {
                    phrase,
                    count: *count,
                    conversations: *conversations,
                })
                .collect(),
        };
        serde_json::to_writer(&mut *w, &value)?;
        writeln!(w)
    }
}

/// The `n` phrases with the most hits (ties in rules order), with their counts.
pub fn top(phrases: &[&str], hits: &[u64], convs: &[u64], n: usize) -> Vec<(String, u64, u64)> {
    let mut order: Vec<usize> = (0..phrases.len()).filter(|&i| hits[i] > 0).collect();
    order.sort_by(|&a, &b| hits[b].cmp(&hits[a]).then(a.cmp(&b)));
    order
        .into_iter()
        .take(n)
        .map(|i| (phrases[i].to_owned(), hits[i], convs[i]))
        .collect()
}

#[cfg(test)]
mod tests;
