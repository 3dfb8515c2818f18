//! Where each value of a YAML document starts, by field path (`steps[2].on_pass`).
//!
//! The serde API carries no positions on values, so checks that look across fields
//! (duplicate ids, a branch naming no step, an example that misbehaves) find their
//! line and column here: one pass of a YAML event parser over the same text. It runs
//! only after serde accepted the file, so the text is known to be shallow and sane.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

use super::model::Pos;

#[derive(Debug, Default)]
pub struct Positions {
    map: HashMap<String, Pos>,
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
    },
    Seq {
        path: String,
        index: usize,
    },
    /// A collection used as a mapping key: walked through, never recorded.
    Key,
}

impl Positions {
    pub fn of(text: &str) -> Positions {
        let mut map = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        while let Some(Ok((event, span))) = parser.next_event() {
            let pos = Pos {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            let (opens, closes) = match event {
                Event::Scalar(..) | Event::Alias(_) => (false, false),
                Event::SequenceStart(..) | Event::MappingStart(..) => (true, false),
                Event::SequenceEnd | Event::MappingEnd => (false, true),
                _ => continue,
            };
            if closes {
                // A closed key leaves its mapping waiting for the value.
                if !matches!(stack.pop(), Some(Frame::Key)) {
                    after_value(&mut stack);
                }
                continue;
            }
            // A node: a mapping key, or a value at a path.
            let path = match stack.last_mut() {
                Some(Frame::Map { key: k @ None, .. }) => {
                    match &event {
                        Event::Scalar(value, ..) => *k = Some(value.to_string()),
                        _ => {
                            *k = Some(String::from("?"));
                            if opens {
                                stack.push(Frame::Key);
                            }
                        }
                    }
                    continue;
                }
                Some(Frame::Map {
                    path,
                    key: Some(key),
                }) => join(path, key),
                Some(Frame::Seq { path, index }) => format!("{path}[{index}]"),
                Some(Frame::Key) => {
                    if opens {
                        stack.push(Frame::Key);
                    }
                    continue;
                }
                None => String::new(),
            };
            map.entry(path.clone()).or_insert(pos);
            if opens {
                stack.push(match event {
                    Event::SequenceStart(..) => Frame::Seq { path, index: 0 },
                    _ => Frame::Map { path, key: None },
                });
            } else {
                after_value(&mut stack);
            }
        }
        Positions { map }
    }

    /// Where nesting first goes deeper than `max` levels, found in a time linear in
    /// the text read so far, before serde parses (and pays for) a hostile file.
    pub fn too_deep(text: &str, max: usize) -> Option<Pos> {
        let mut parser = Parser::new_from_str(text);
        let mut depth = 0usize;
        let at = |m: &saphyr_parser::Marker| Pos {
            line: m.line(),
            column: m.col() + 1,
        };
        while let Some(next) = parser.next_event() {
            match next {
                Ok((Event::SequenceStart(..) | Event::MappingStart(..), span)) => {
                    depth += 1;
                    if depth > max {
                        return Some(at(&span.start));
                    }
                }
                Ok((Event::SequenceEnd | Event::MappingEnd, _)) => depth = depth.saturating_sub(1),
                Ok(_) => {}
                Err(e) if e.info().contains("recursion limit") => return Some(at(e.marker())),
                // Other syntax errors are reported by serde, in its words.
                Err(_) => return None,
            }
        }
        None
    }

    /// Where a second YAML document starts, if the text holds more than one.
    pub fn second_document(text: &str) -> Option<Pos> {
        let mut parser = Parser::new_from_str(text);
        let mut seen = 0;
        while let Some(Ok((event, span))) = parser.next_event() {
            if let Event::DocumentStart(_) = event {
                seen += 1;
                if seen == 2 {
                    return Some(Pos {
                        line: span.start.line(),
                        column: span.start.col() + 1,
                    });
                }
            }
        }
        None
    }

    pub fn has(&self, path: &str) -> bool {
        self.map.contains_key(path)
    }

    /// The position of the value at `path`, else of the nearest enclosing value that
    /// has one, else the top of the file.
    pub fn at(&self, path: &str) -> Pos {
        let mut p = path;
        loop {
            if let Some(pos) = self.map.get(p) {
                return *pos;
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => {
                    return self
                        .map
                        .get("")
                        .copied()
                        .unwrap_or(Pos { line: 1, column: 1 });
                }
            }
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn after_value(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Map { key, .. }) => *key = None,
        Some(Frame::Seq { index, .. }) => *index += 1,
        Some(Frame::Key) | None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(text: &str, path: &str, line: usize, column: usize) {
        assert_eq!(Positions::of(text).at(path), Pos { line, column }, "{path}");
    }

    const DOC: &str = "id: a\nsteps:\n  - id: one\n    on_pass: two\n    examples:\n      pass: [好的, 您好]\n  - id: two\n    customer:\n      - 第一句\n      - 第二句\n";

    #[test]
    fn finds_values_by_path() {
        case(DOC, "id", 1, 5);
        case(DOC, "steps", 3, 3);
        case(DOC, "steps[0].id", 3, 9);
        case(DOC, "steps[0].on_pass", 4, 14);
        case(DOC, "steps[0].examples.pass[1]", 6, 18);
        case(DOC, "steps[1].id", 7, 9);
        case(DOC, "steps[1].customer[1]", 10, 9);
        // Unknown paths fall back to the nearest enclosing value.
        case(DOC, "steps[1].required[0]", 7, 5);
        case(DOC, "nothing", 1, 1);
    }

    #[test]
    fn complex_keys_do_not_derail_the_walk() {
        let doc = "? [a, b]\n: 1\nid: x\n";
        case(doc, "id", 3, 5);
    }
}
