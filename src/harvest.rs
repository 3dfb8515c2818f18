//! `harvest`: a meeting's chosen answers become the best answers of their steps
//! (`best_answers`, the branch's 优秀话术, which trainees see next to the model
//! answer), so a branch's classic lines accumulate in its scenario files; the same
//! edit can add pass examples. The file is edited as text, never re-serialised, so
//! its comments, key order, quoting and layout stay as the author wrote them: new
//! `- "…"` items go under an existing block list with its indentation, into a flow
//! list before its `]`, or into a new list written in the style of the surrounding
//! mapping. The caller reads the result back and compares it with what was meant
//! before anything is written.

use std::collections::HashSet;

use crate::scenario::model::{Example, Pos, Scenario, Step};
use crate::text::normalize::normalize;
use crate::yaml::Positions;

/// The list of a step that harvesting adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `examples.pass`.
    PassExamples,
    /// `best_answers`.
    BestAnswers,
}

impl Target {
    pub fn list(self, step: &Step) -> &[Example] {
        match self {
            Target::PassExamples => &step.examples.pass,
            Target::BestAnswers => &step.best_answers,
        }
    }

    fn list_mut(self, step: &mut Step) -> &mut Vec<Example> {
        match self {
            Target::PassExamples => &mut step.examples.pass,
            Target::BestAnswers => &mut step.best_answers,
        }
    }

    /// The list's field path in step `step`.
    fn path(self, step: usize) -> String {
        match self {
            Target::PassExamples => format!("steps[{step}].examples.pass"),
            Target::BestAnswers => format!("steps[{step}].best_answers"),
        }
    }
}

/// New items for one step (index into `Scenario::steps`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addition {
    pub step: usize,
    pub texts: Vec<String>,
}

/// The step whose layout the edit could not follow; its examples go in by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoPlace {
    pub step: usize,
}

/// Keeps, per step and in the order given, the answers not already in the step's
/// `target` list or among each other once normalised (so "您好,李先生" and
/// "您好 李先生!" count as one).
pub fn select(
    scenario: &Scenario,
    target: Target,
    answers: impl IntoIterator<Item = (usize, String)>,
) -> Vec<Addition> {
    let mut seen: Vec<HashSet<String>> = scenario
        .steps
        .iter()
        .map(|s| target.list(s).iter().map(|e| normalize(&e.text)).collect())
        .collect();
    let mut out: Vec<Addition> = Vec::new();
    for (step, answer) in answers {
        let answer = answer.trim();
        let key = normalize(answer);
        let Some(seen) = seen.get_mut(step) else {
            continue;
        };
        if key.is_empty() || !seen.insert(key) {
            continue;
        }
        match out.iter_mut().find(|a| a.step == step) {
            Some(a) => a.texts.push(answer.to_owned()),
            None => out.push(Addition {
                step,
                texts: vec![answer.to_owned()],
            }),
        }
    }
    out.sort_by_key(|a| a.step);
    out
}

/// `text` with every addition made; `scenario` is `text` parsed.
pub fn apply(
    text: &str,
    scenario: &Scenario,
    target: Target,
    additions: &[Addition],
) -> Result<String, NoPlace> {
    let doc = Doc::new(text);
    let mut edits: Vec<(usize, String)> = Vec::new();
    for a in additions.iter().filter(|a| !a.texts.is_empty()) {
        let count = scenario
            .steps
            .get(a.step)
            .map_or(0, |s| target.list(s).len());
        let edit = doc
            .edit(a.step, target, count, &a.texts)
            .ok_or(NoPlace { step: a.step })?;
        edits.push(edit);
    }
    // From the end backwards, so each offset still points where it was computed.
    edits.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let mut out = text.to_owned();
    for (at, insert) in edits {
        out.insert_str(at, &insert);
    }
    Ok(out)
}

/// Whether `after` is `before` with exactly `additions` appended to its steps'
/// `target` lists and nothing else changed.
pub fn verify(before: &Scenario, after: &Scenario, target: Target, additions: &[Addition]) -> bool {
    let mut expected = before.clone();
    for a in additions {
        let Some(step) = expected.steps.get_mut(a.step) else {
            return false;
        };
        target
            .list_mut(step)
            .extend(a.texts.iter().map(|t| Example { text: t.clone() }));
    }
    &expected == after
}

/// A YAML double-quoted scalar: every string fits, whatever it holds.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04X}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text with its lines and positions, for finding where to insert.
struct Doc<'t> {
    text: &'t str,
    /// Byte range of each line without its line break.
    lines: Vec<(usize, usize)>,
    eol: &'static str,
    positions: Positions,
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

impl<'t> Doc<'t> {
    fn new(text: &'t str) -> Doc<'t> {
        let mut lines = Vec::new();
        let mut start = 0;
        for piece in text.split_inclusive('\n') {
            let body = piece.trim_end_matches('\n').trim_end_matches('\r');
            lines.push((start, start + body.len()));
            start += piece.len();
        }
        Doc {
            text,
            lines,
            eol: if text.contains("\r\n") { "\r\n" } else { "\n" },
            positions: Positions::of(text),
        }
    }

    fn line(&self, n: usize) -> &'t str {
        self.lines
            .get(n)
            .map_or("", |&(s, e)| self.text.get(s..e).unwrap_or(""))
    }

    /// Byte offset of a 1-based line and character column.
    fn offset(&self, pos: Pos) -> Option<usize> {
        let &(start, end) = self.lines.get(pos.line.checked_sub(1)?)?;
        let line = self.text.get(start..end)?;
        let col = pos.column.checked_sub(1)?;
        match line.char_indices().nth(col) {
            Some((i, _)) => Some(start + i),
            None => (line.chars().count() == col).then_some(end),
        }
    }

    /// Where to insert to add `texts` to step `step`'s `target` list, which has
    /// `count` items.
    fn edit(
        &self,
        step: usize,
        target: Target,
        count: usize,
        texts: &[String],
    ) -> Option<(usize, String)> {
        let base = format!("steps[{step}]");
        let list = target.path(step);
        let examples = format!("{base}.examples");
        let flow_items = texts
            .iter()
            .map(|t| quote(t))
            .collect::<Vec<_>>()
            .join(", ");
        let value = |path: &str| {
            let pos = self.positions.at(path);
            let at = self.offset(pos)?;
            Some((pos, at, self.text[at..].chars().next()?))
        };
        if self.positions.has(&list) {
            let (_, at, first) = value(&list)?;
            if first == '[' {
                return self.insert_in_flow(at, ']', &flow_items);
            }
            let last = self
                .positions
                .at(&format!("{list}[{}]", count.checked_sub(1)?));
            let dash = self.line(last.line - 1);
            if !dash.trim_start().starts_with('-') {
                return None;
            }
            let col = indent(dash);
            let items: String = texts
                .iter()
                .map(|t| format!("{}- {}{}", " ".repeat(col), quote(t), self.eol))
                .collect();
            return Some(self.after_block(last.line - 1, col + 1, items));
        }
        let (mapping, inner) = match target {
            Target::BestAnswers => (base, format!("best_answers: [{flow_items}]")),
            Target::PassExamples if self.positions.has(&examples) => {
                (examples, format!("pass: [{flow_items}]"))
            }
            Target::PassExamples => (base, format!("examples: {{pass: [{flow_items}]}}")),
        };
        let (pos, at, first) = value(&mapping)?;
        if first == '{' {
            return self.insert_in_flow(at, '}', &inner);
        }
        // A block mapping: its keys start at its first key's column.
        let col = pos.column - 1;
        if first == '[' {
            return None;
        }
        let pad = " ".repeat(col);
        let items: String = texts
            .iter()
            .map(|t| format!("{pad}  - {}{}", quote(t), self.eol))
            .collect();
        let block = if target == Target::BestAnswers {
            format!("{pad}best_answers:{}{items}", self.eol)
        } else if mapping.ends_with(".examples") {
            format!("{pad}pass:{}{items}", self.eol)
        } else {
            let items = items.replace(&format!("{pad}  - "), &format!("{pad}    - "));
            format!(
                "{pad}examples:{eol}{pad}  pass:{eol}{items}",
                eol = self.eol
            )
        };
        Some(self.after_block(pos.line - 1, col, block))
    }

    /// After the last line that belongs to the block whose first line is `first`
    /// (0-based): lines indented at least `min` spaces, blank lines and comments
    /// inside it. Trailing blank and comment lines are left after the insertion.
    fn after_block(&self, first: usize, min: usize, insert: String) -> (usize, String) {
        let mut last = first;
        for n in first + 1..self.lines.len() {
            let line = self.line(n);
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            if indent(line) < min {
                break;
            }
            if !trimmed.starts_with('#') {
                last = n;
            }
        }
        let (_, end) = self.lines[last];
        let rest = &self.text[end..];
        let after_eol = if rest.starts_with("\r\n") {
            end + 2
        } else if rest.starts_with('\n') {
            end + 1
        } else {
            // The last line has no line break: the insertion brings one.
            return (
                end,
                format!("{}{}", self.eol, insert.trim_end_matches(['\r', '\n'])),
            );
        };
        (after_eol, insert)
    }

    /// Before the `close` that matches the opener at `open`, with a comma as needed.
    fn insert_in_flow(&self, open: usize, close: char, items: &str) -> Option<(usize, String)> {
        let end = matching_close(self.text, open)?;
        if !self.text[end..].starts_with(close) {
            return None;
        }
        let before = self.text[open + 1..end].trim_end();
        let at = open + 1 + before.len();
        let insert = if before.trim().is_empty() {
            items.to_owned()
        } else if before.ends_with(',') {
            format!(" {items}")
        } else {
            format!(", {items}")
        };
        Some((at, insert))
    }
}

/// The offset of the bracket closing the one at `open`, skipping quoted scalars and
/// comments, in a flow collection.
fn matching_close(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut chars = text[open..].char_indices().peekable();
    let mut prev = ' ';
    while let Some((i, ch)) = chars.next() {
        match ch {
            '[' | '{' => depth += 1,
            ']' | '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            '"' => {
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            // In flow context a quote only opens a scalar where a scalar can start.
            '\'' if matches!(prev, ' ' | '\t' | '\n' | '[' | '{' | ',' | ':') => loop {
                match chars.next() {
                    Some((_, '\'')) if chars.peek().is_some_and(|(_, c)| *c == '\'') => {
                        chars.next();
                    }
                    Some((_, '\'')) | None => break,
                    _ => {}
                }
            },
            '#' if matches!(prev, ' ' | '\t' | '\n') => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            _ => {}
        }
        prev = ch;
    }
    None
}

#[cfg(test)]
mod tests;
