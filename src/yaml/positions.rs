//! Where each value of a YAML document starts, by field path (`steps[2].on_pass`).
//!
//! The serde API carries no positions on values, so checks that look across fields
//! (duplicate ids, a branch naming no step, an example that misbehaves) find their
//! line and column here: one pass of a YAML event parser over the same text. It runs
//! only after serde accepted the file, so the text is known to be shallow and sane.

use std::cell::OnceCell;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser};

/// A place in a source file, 1-based, for messages that point at one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// A limit [`Positions::guard`] found broken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Guard {
    TooDeep,
    /// Too many characters once aliases are expanded.
    TooLarge,
    /// A YAML tag, as written.
    Tag(String),
}

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

    /// The first place where `text` breaks a limit that must hold before serde sees
    /// it, in one linear pass of the event parser: nesting deeper than `max_depth`;
    /// more than `max_chars` characters of scalars once every alias is expanded (an
    /// anchor repeated through aliases costs its whole size each time, so a small file
    /// cannot stand for gigabytes); a YAML tag other than `!!str`, which would
    /// otherwise be dropped silently. Other syntax errors are left to serde, which
    /// reports them in its words.
    pub fn guard(text: &str, max_depth: usize, max_chars: u64) -> Option<(Pos, Guard)> {
        let mut parser = Parser::new_from_str(text);
        let at = |m: &saphyr_parser::Marker| Pos {
            line: m.line(),
            column: m.col() + 1,
        };
        // Open collections: their anchor id (0 for none) and expanded size so far.
        let mut open: Vec<(usize, u64)> = Vec::new();
        let mut anchors: HashMap<usize, u64> = HashMap::new();
        let mut total: u64 = 0;
        let grow = |open: &mut Vec<(usize, u64)>, total: &mut u64, n: u64| {
            *total = total.saturating_add(n);
            if let Some(top) = open.last_mut() {
                top.1 = top.1.saturating_add(n);
            }
        };
        while let Some(next) = parser.next_event() {
            let (event, span) = match next {
                Ok(e) => e,
                Err(e) if e.info().contains("recursion limit") => {
                    return Some((at(e.marker()), Guard::TooDeep));
                }
                Err(_) => return None,
            };
            let tag = match &event {
                Event::Scalar(_, _, _, tag)
                | Event::SequenceStart(_, tag)
                | Event::MappingStart(_, tag) => tag.as_deref(),
                _ => None,
            };
            if let Some(tag) = tag
                && !(tag.suffix == "str"
                    && matches!(tag.handle.as_str(), "!!" | "tag:yaml.org,2002:"))
            {
                let handle = match tag.handle.as_str() {
                    "tag:yaml.org,2002:" => "!!",
                    other => other,
                };
                return Some((
                    at(&span.start),
                    Guard::Tag(format!("{handle}{}", tag.suffix)),
                ));
            }
            match event {
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    open.push((anchor, 0));
                    if open.len() > max_depth {
                        return Some((at(&span.start), Guard::TooDeep));
                    }
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    if let Some((anchor, size)) = open.pop() {
                        if anchor != 0 {
                            anchors.insert(anchor, size);
                        }
                        if let Some(top) = open.last_mut() {
                            top.1 = top.1.saturating_add(size);
                        }
                    }
                }
                Event::Scalar(value, _, anchor, _) => {
                    let n = value.chars().count() as u64;
                    if anchor != 0 {
                        anchors.insert(anchor, n);
                    }
                    grow(&mut open, &mut total, n);
                }
                Event::Alias(anchor) => {
                    let n = anchors.get(&anchor).copied().unwrap_or(0);
                    grow(&mut open, &mut total, n);
                }
                _ => {}
            }
            if total > max_chars {
                return Some((at(&span.start), Guard::TooLarge));
            }
        }
        None
    }

    /// The plain value of a top-level `key` of the document's root mapping, read from
    /// the event stream without expanding anything (a file too large or too deep to
    /// load can still say which scenario it means to be).
    pub fn top_level_scalar(text: &str, key: &str) -> Option<String> {
        let mut parser = Parser::new_from_str(text);
        let mut depth = 0usize;
        // In the root mapping: whether the next node is a key, and whether the last
        // key was `key`.
        let mut expect_key = true;
        let mut wanted = false;
        while let Some(Ok((event, _))) = parser.next_event() {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    if depth == 1 {
                        if wanted {
                            return None;
                        }
                        expect_key = !expect_key;
                    }
                    depth += 1;
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return None;
                    }
                }
                Event::Scalar(value, ..) if depth == 1 => {
                    if wanted {
                        return Some(value.into_owned());
                    }
                    wanted = expect_key && value == key;
                    expect_key = !expect_key;
                }
                Event::Alias(_) if depth == 1 => {
                    if wanted {
                        return None;
                    }
                    expect_key = !expect_key;
                }
                _ => {}
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

/// The [`Positions`] of a text, found the first time one is asked for: a valid file
/// needs none, so it is parsed once, by serde, and only a problem to place costs the
/// second pass.
#[derive(Debug)]
pub struct OnDemand<'t> {
    text: &'t str,
    found: OnceCell<Positions>,
}

impl<'t> OnDemand<'t> {
    pub fn new(text: &'t str) -> OnDemand<'t> {
        OnDemand {
            text,
            found: OnceCell::new(),
        }
    }

    /// Positions already found (by a caller that needed them first).
    pub fn found(text: &'t str, positions: Positions) -> OnDemand<'t> {
        OnDemand {
            text,
            found: OnceCell::from(positions),
        }
    }

    pub fn get(&self) -> &Positions {
        self.found.get_or_init(|| Positions::of(self.text))
    }

    pub fn at(&self, path: &str) -> Pos {
        self.get().at(path)
    }

    pub fn has(&self, path: &str) -> bool {
        self.get().has(path)
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

#[cfg(test)]
mod scan_tests {
    use super::*;

    #[test]
    fn top_level_scalar_reads_one_value_without_expanding() {
        #[track_caller]
        fn case(text: &str, expected: Option<&str>) {
            assert_eq!(
                Positions::top_level_scalar(text, "id").as_deref(),
                expected,
                "{text:?}"
            );
        }
        case("id: a\ntitle: t\n", Some("a"));
        case("title: t\nsteps: [{id: s}]\nid: b\n", Some("b"));
        case("x: &l [a, b]\ny: *l\nid: c\n", Some("c"));
        case("steps:\n  - id: s\n", None);
        case("id: [a]\n", None);
        case("- id: a\n", None);
        case("{? [id] : x, id: d}\n", Some("d"));
    }

    #[test]
    fn guard_counts_expanded_chars_and_refuses_tags() {
        let text = "a: &x \"0123456789\"\nb: [*x, *x, *x]\n";
        // Keys count too: 1 + 10 + 1 + 3 × 10 = 42.
        assert_eq!(Positions::guard(text, 32, 42), None);
        assert_eq!(
            Positions::guard(text, 32, 41),
            Some((
                Pos {
                    line: 2,
                    column: 13
                },
                Guard::TooLarge
            ))
        );
        // A collection's anchor costs its whole expanded size again:
        // 1 + 10, 1 + 2 × 10, 1 + 2 × 20 = 73.
        let nested = "a: &x [\"01234\", \"56789\"]\nb: &y [*x, *x]\nc: [*y, *y]\n";
        assert_eq!(
            Positions::guard(nested, 32, 72),
            Some((Pos { line: 3, column: 9 }, Guard::TooLarge))
        );
        assert_eq!(Positions::guard(nested, 32, 73), None);
        assert_eq!(
            Positions::guard("a: !!int 3\n", 32, 100),
            Some((Pos { line: 1, column: 4 }, Guard::Tag("!!int".into())))
        );
        assert_eq!(Positions::guard("a: !!str 3\n", 32, 100), None);
        assert_eq!(
            Positions::guard("a: [[[1]]]\n", 2, 100),
            Some((Pos { line: 1, column: 5 }, Guard::TooDeep))
        );
    }
}
