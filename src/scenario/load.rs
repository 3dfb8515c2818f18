//! Scenario files → validated [`Scenario`]s, with every problem located as
//! `file:line:column: path: message`.
//!
//! Three layers: bytes (size limit, UTF-8), serde (`yaml_serde`: syntax, unknown
//! fields, types; it also caps alias expansion and nesting, so hostile files fail
//! fast), then semantic checks on the raw structs, which find their positions in a
//! [`Positions`] index and report every problem they see, not just the first.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Located, Result};
use crate::i18n::{Lang, msg};
use crate::text::normalize::normalize;

use super::lexicon::{Concept, Lexicon};
use super::model::*;
use super::positions::{Guard, Positions};
use super::raw::*;

/// Scenario files are hand-written; anything larger is a mistake or an attack.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// A scenario is at most six levels deep (steps → step → required → item → any →
/// phrase); anything far deeper is refused before it is parsed in full.
pub const MAX_DEPTH: usize = 32;

/// Characters of all scalars together once every alias is expanded: four times what
/// the largest file can hold written out, so anchors and aliases keep their use and a
/// small file can never stand for gigabytes.
pub const MAX_EXPANDED_CHARS: u64 = 4 * 1024 * 1024;

/// What a file read by [`read_limited`] is, for its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Scenario,
    Answers,
    Rules,
    Lexicon,
    Config,
}

impl FileKind {
    fn name(self, lang: Lang) -> &'static str {
        match self {
            FileKind::Scenario => msg::KIND_SCENARIO.get(lang),
            FileKind::Answers => msg::KIND_ANSWERS.get(lang),
            FileKind::Rules => msg::KIND_RULES.get(lang),
            FileKind::Lexicon => msg::KIND_LEXICON.get(lang),
            FileKind::Config => msg::KIND_CONFIG.get(lang),
        }
    }
}

/// Reads a regular file, refusing anything over `limit` bytes before reading it
/// whole. Anything else (a FIFO, a device, a socket, a folder) is refused without
/// being opened for long: the type is checked first, the file is opened
/// non-blocking, and the type checked again on the open handle, so a FIFO put in the
/// way never hangs the program.
pub fn read_limited(path: &Path, limit: u64, kind: FileKind, lang: Lang) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(not_regular(path, lang));
    }
    let file = open_nonblocking(path).map_err(|e| Error::io(path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(not_regular(path, lang));
    }
    let len = meta.len();
    if len > limit {
        return Err(too_large(path, len, limit, kind, lang));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, bytes.len() as u64, limit, kind, lang));
    }
    Ok(bytes)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

fn not_regular(path: &Path, lang: Lang) -> Error {
    Error::ScenarioInvalid {
        problems: vec![located(
            path,
            Pos { line: 1, column: 1 },
            msg::NOT_REGULAR_FILE.get(lang).to_owned(),
        )],
    }
}

fn too_large(path: &Path, len: u64, limit: u64, kind: FileKind, lang: Lang) -> Error {
    Error::ScenarioInvalid {
        problems: vec![located(
            path,
            Pos { line: 1, column: 1 },
            msg::FILE_TOO_LARGE.fill(lang, &[&len, &kind.name(lang), &limit]),
        )],
    }
}

pub(crate) fn located(path: &Path, pos: Pos, message: String) -> Located {
    Located {
        path: path.to_owned(),
        line: pos.line,
        column: pos.column,
        message,
    }
}

/// Bytes → text, or the position of the first byte that is not UTF-8.
pub fn utf8<'a>(path: &Path, bytes: &'a [u8], lang: Lang) -> Result<&'a str, Located> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // `good` is valid UTF-8 by construction.
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        located(
            path,
            Pos { line, column },
            msg::NOT_UTF8.get(lang).to_owned(),
        )
    })
}

/// A yaml_serde error as a located problem; its message keeps the field path.
pub fn yaml_error(path: &Path, err: &serde_yaml::Error, lang: Lang) -> Located {
    let mut message = err.to_string();
    let pos = match err.location() {
        Some(loc) => {
            let suffix = format!(" at line {} column {}", loc.line(), loc.column());
            if let Some(stripped) = message.strip_suffix(&suffix) {
                message = stripped.to_owned();
            }
            Pos {
                line: loc.line(),
                column: loc.column(),
            }
        }
        None => Pos { line: 1, column: 1 },
    };
    located(path, pos, msg::YAML.fill(lang, &[&message]))
}

/// Every `.yaml`/`.yml` file under `dir`, recursively, sorted; a branch's lexicon
/// files (`lexicon.yaml`) are not scenarios and are left out.
pub fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))?;
        for entry in entries {
            let path = entry.map_err(|e| Error::io(&d, e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if is_yaml(&path) && !super::lexicon::is_lexicon_file(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

pub fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Deserializes YAML text with the same guards and located errors for every file
/// the program reads: nesting is checked first, in linear time, and a second
/// document is pointed at rather than reported at the top of the file.
pub fn from_yaml<T: serde::de::DeserializeOwned>(
    path: &Path,
    text: &str,
    lang: Lang,
) -> Result<T, Located> {
    if let Some((pos, c)) = first_control_char(text) {
        let code = format!("U+{:04X}", u32::from(c));
        return Err(located(path, pos, msg::CONTROL_CHAR.fill(lang, &[&code])));
    }
    if let Some((pos, broken)) = Positions::guard(text, MAX_DEPTH, MAX_EXPANDED_CHARS) {
        let message = match broken {
            Guard::TooDeep => msg::TOO_DEEP.fill(lang, &[&MAX_DEPTH]),
            Guard::TooLarge => msg::TOO_LARGE_EXPANDED.fill(lang, &[&MAX_EXPANDED_CHARS]),
            Guard::Tag(tag) => msg::YAML_TAG.fill(lang, &[&tag]),
        };
        return Err(located(path, pos, message));
    }
    serde_yaml::from_str(text).map_err(|e| {
        let mut problem = yaml_error(path, &e, lang);
        if let Some(pos) = Positions::second_document(text) {
            problem.line = pos.line;
            problem.column = pos.column;
            problem.message = msg::SECOND_DOCUMENT.get(lang).to_owned();
        }
        problem
    })
}

/// The first char YAML does not allow in a document (C0 controls but tab, line feed
/// and carriage return; DEL; C1 controls but NEL), with its line and column: the YAML
/// parser names only a byte position.
fn first_control_char(text: &str) -> Option<(Pos, char)> {
    let (mut line, mut column) = (1, 1);
    for c in text.chars() {
        let code = u32::from(c);
        let bad = (code < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
            || code == 0x7F
            || ((0x80..=0x9F).contains(&code) && code != 0x85);
        if bad {
            return Some((Pos { line, column }, c));
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    None
}

/// Reads and validates one scenario file.
pub fn load_file(path: &Path, lang: Lang) -> Result<(Scenario, Vec<u8>)> {
    let bytes = read_limited(path, MAX_FILE_BYTES, FileKind::Scenario, lang)?;
    let scenario =
        parse(path, &bytes, lang).map_err(|problems| Error::ScenarioInvalid { problems })?;
    Ok((scenario, bytes))
}

/// Validates a scenario from its bytes; `path` is only used in messages.
pub fn parse(path: &Path, bytes: &[u8], lang: Lang) -> Result<Scenario, Vec<Located>> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(vec![located(
            path,
            Pos { line: 1, column: 1 },
            msg::FILE_TOO_LARGE.fill(
                lang,
                &[
                    &bytes.len(),
                    &FileKind::Scenario.name(lang),
                    &MAX_FILE_BYTES,
                ],
            ),
        )]);
    }
    let text = utf8(path, bytes, lang).map_err(|e| vec![e])?;
    if text.trim().is_empty() {
        let m = msg::EMPTY_FILE.get(lang).to_owned();
        return Err(vec![located(path, Pos { line: 1, column: 1 }, m)]);
    }
    let raw: RawScenario = from_yaml(path, text, lang).map_err(|e| vec![e])?;
    let positions = Positions::of(text);
    let lexicon = Lexicon::for_file(path, lang)?;
    let mut v = Validator::new(path, lang, &positions, &lexicon);
    let scenario = v.scenario(raw);
    v.finish().map(|()| scenario)
}

/// The semantic checks of spec §1 on raw structs, collecting every problem with its
/// position. `grade` checks its rules files with the same pieces.
pub(crate) struct Validator<'a> {
    path: &'a Path,
    lang: Lang,
    positions: &'a Positions,
    lexicon: &'a Lexicon,
    problems: Vec<Located>,
}

pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl<'a> Validator<'a> {
    pub(crate) fn new(
        path: &'a Path,
        lang: Lang,
        positions: &'a Positions,
        lexicon: &'a Lexicon,
    ) -> Validator<'a> {
        Validator {
            path,
            lang,
            positions,
            lexicon,
            problems: Vec::new(),
        }
    }

    /// The concept `name` at `field`, or a located problem naming the known ones.
    fn concept(&mut self, field: &str, name: &str) -> Option<&'a Concept> {
        let found = self.lexicon.get(name);
        if found.is_none() {
            let m = msg::UNKNOWN_CONCEPT.fill(self.lang, &[&field, &name, &self.lexicon.names()]);
            self.problem(field, m);
        }
        found
    }

    /// Every problem found, in file order; `Ok` when there was none.
    pub(crate) fn finish(mut self) -> Result<(), Vec<Located>> {
        if self.problems.is_empty() {
            return Ok(());
        }
        self.problems.sort_by_key(|p| (p.line, p.column));
        Err(self.problems)
    }

    fn problem(&mut self, field: &str, message: String) {
        let pos = self.positions.at(field);
        self.problems.push(located(self.path, pos, message));
    }

    fn id(&mut self, field: &str, id: &str) {
        if !valid_id(id) {
            self.problem(field, msg::BAD_ID.fill(self.lang, &[&field, &id]));
        }
    }

    fn non_empty(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            self.problem(field, msg::MUST_NOT_BE_EMPTY.fill(self.lang, &[&field]));
        }
    }

    fn range(&mut self, field: &str, value: Option<Int>, min: i64, max: i64, default: i64) -> i64 {
        match value.map(|v| v.0) {
            None => default,
            Some(v) if (min..=max).contains(&v) => v,
            Some(v) => {
                self.problem(
                    field,
                    msg::OUT_OF_RANGE.fill(self.lang, &[&field, &v, &min, &max]),
                );
                default
            }
        }
    }

    fn phrase(&mut self, field: &str, phrase: Text) -> String {
        if phrase.0.trim().is_empty() {
            self.problem(field, msg::EMPTY_PHRASE.fill(self.lang, &[&field]));
        } else if normalize(&phrase.0).is_empty() {
            self.problem(
                field,
                msg::EMPTY_AFTER_NORMALISING.fill(self.lang, &[&field]),
            );
        }
        phrase.0
    }

    /// A non-empty list of phrases at `field`.
    pub(crate) fn phrase_list(&mut self, field: &str, list: Vec<Text>) -> Vec<String> {
        self.phrases(field, list)
    }

    fn phrases(&mut self, field: &str, list: Vec<Text>) -> Vec<String> {
        if list.is_empty() {
            self.problem(field, msg::MUST_NOT_BE_EMPTY.fill(self.lang, &[&field]));
        }
        list.into_iter()
            .enumerate()
            .map(|(i, p)| self.phrase(&format!("{field}[{i}]"), p))
            .collect()
    }

    /// Banned items at `field` (`banned`, `steps[2].banned`). An item naming a
    /// concept stands for one banned item per phrase of the concept.
    pub(crate) fn banned(&mut self, field: &str, list: Option<Vec<RawBanned>>) -> Vec<Banned> {
        let mut out = Vec::new();
        for (i, b) in list.unwrap_or_default().into_iter().enumerate() {
            let at = format!("{at}[{i}]", at = field);
            let except: Vec<String> = b
                .except
                .into_iter()
                .enumerate()
                .map(|(j, e)| self.phrase(&format!("{at}.except[{j}]"), e))
                .collect();
            let clause = b.clause.unwrap_or(false);
            match (b.phrase, b.concept) {
                (Some(phrase), None) => {
                    // Written as a bare phrase, or as a map with `phrase`.
                    let field = format!("{at}.phrase");
                    let field = if self.positions.has(&field) {
                        field
                    } else {
                        at.clone()
                    };
                    let phrase = self.phrase(&field, phrase);
                    out.push(Banned {
                        phrase,
                        except,
                        why: b.why,
                        unless_negated: b.unless_negated.unwrap_or(false),
                        clause,
                        alone: b.alone.unwrap_or(false),
                        concept: None,
                    });
                }
                (None, Some(name)) => {
                    let Some(c) = self.concept(&format!("{at}.concept"), &name) else {
                        continue;
                    };
                    for phrase in &c.phrases {
                        let mut all_except = c.except.clone();
                        all_except.extend(except.iter().cloned());
                        out.push(Banned {
                            phrase: phrase.clone(),
                            except: all_except,
                            why: b.why.clone().or_else(|| c.why.clone()),
                            unless_negated: b.unless_negated.unwrap_or(c.unless_negated),
                            // A concept's phrases are matched within one clause.
                            clause: b.clause.unwrap_or(true),
                            alone: b.alone.unwrap_or(false),
                            concept: Some(name.clone()),
                        });
                    }
                }
                _ => {
                    let m = msg::PHRASE_OR_CONCEPT.fill(self.lang, &[&at]);
                    self.problem(&at, m);
                }
            }
        }
        out
    }

    /// Required items at `field` (`required`, `steps[2].required`). An item naming a
    /// concept has the concept's phrases as alternatives, after its own `any`.
    pub(crate) fn required(
        &mut self,
        field: &str,
        list: Option<Vec<RawRequired>>,
    ) -> Vec<Required> {
        list.unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(j, r)| {
                let field = format!("{field}[{j}]");
                let concept = r
                    .concept
                    .as_deref()
                    .and_then(|name| self.concept(&format!("{field}.concept"), name));
                let mut any: Vec<String> = if r.any.is_empty() && r.concept.is_some() {
                    Vec::new()
                } else if r.label.is_none() && r.why.is_none() && r.any.len() == 1 {
                    // Written as a bare phrase, or as a one-item `any`.
                    let field = if self.positions.has(&format!("{field}.any")) {
                        format!("{field}.any[0]")
                    } else {
                        field.clone()
                    };
                    r.any.into_iter().map(|p| self.phrase(&field, p)).collect()
                } else {
                    self.phrases(&format!("{field}.any"), r.any)
                };
                if let Some(c) = concept {
                    for p in &c.phrases {
                        if !any.contains(p) {
                            any.push(p.clone());
                        }
                    }
                }
                let label = r
                    .label
                    .filter(|l| !l.trim().is_empty())
                    .or_else(|| concept.map(|c| c.label.clone()))
                    .or_else(|| any.first().cloned())
                    .unwrap_or_default();
                Required {
                    any,
                    label,
                    why: r.why.or_else(|| concept.and_then(|c| c.why.clone())),
                    concept: r.concept,
                }
            })
            .collect()
    }

    /// The top-level `conversation` rules.
    pub(crate) fn conversation(&mut self, list: Option<Vec<RawRule>>) -> Vec<ConversationRule> {
        list.unwrap_or_default()
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let at = format!("conversation[{i}]");
                let phrases = self.phrases(&format!("{at}.mentions"), r.mentions);
                let at_least = self.range(
                    &format!("{at}.at_least"),
                    r.at_least,
                    1,
                    i64::from(u32::MAX),
                    1,
                );
                ConversationRule::Mentions {
                    phrases,
                    at_least: at_least as u32,
                    why: r.why,
                }
            })
            .collect()
    }

    fn scenario(&mut self, raw: RawScenario) -> Scenario {
        self.id("id", &raw.id);
        self.non_empty("title", &raw.title);
        let skill = Skill::parse(&raw.skill).unwrap_or_else(|| {
            self.problem(
                "skill",
                msg::UNKNOWN_SKILL.fill(self.lang, &[&"skill", &raw.skill, &Skill::names()]),
            );
            Skill::Spin
        });
        let difficulty = self.range("difficulty", raw.difficulty, 1, 5, 1) as u8;
        let pass_score = self.range("pass_score", raw.pass_score, 0, 100, 80) as u8;
        let persona = raw.persona.map(|p| Persona {
            name: p.name,
            description: p.description,
            patience: p
                .patience
                .map(|n| self.range("persona.patience", Some(n), 0, i64::from(u32::MAX), 0) as u32),
        });
        let banned = self.banned("banned", raw.banned);
        let conversation = self.conversation(raw.conversation);
        if raw.steps.is_empty() {
            self.problem("steps", msg::NO_STEPS.fill(self.lang, &[&"steps"]));
        }
        // Step ids first, so branches can name steps further down.
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut dupes = Vec::new();
        for (i, s) in raw.steps.iter().enumerate() {
            let at = format!("steps[{i}].id");
            if s.id == "end" {
                dupes.push((
                    at,
                    msg::RESERVED_STEP.fill(self.lang, &[&format!("steps[{i}].id")]),
                ));
            } else if let Some(first) = seen.get(s.id.as_str()) {
                let line = self.positions.at(&format!("steps[{first}].id")).line;
                let m = msg::DUPLICATE_STEP.fill(self.lang, &[&at, &s.id, &line]);
                dupes.push((at, m));
            } else {
                seen.insert(&s.id, i);
            }
        }
        for (at, m) in dupes {
            self.problem(&at, m);
        }
        let ids: Vec<String> = raw.steps.iter().map(|s| s.id.clone()).collect();
        let steps = raw
            .steps
            .into_iter()
            .enumerate()
            .map(|(i, s)| self.step(i, s, &ids))
            .collect();
        Scenario {
            id: raw.id,
            title: raw.title,
            skill,
            difficulty,
            pass_score,
            source: raw.source,
            brief: raw.brief,
            persona,
            banned,
            conversation,
            steps,
        }
    }

    fn next(&mut self, field: &str, target: Option<String>, ids: &[String]) -> Option<Next> {
        let target = target?;
        if target == "end" {
            return Some(Next::End);
        }
        match ids.iter().position(|id| *id == target) {
            Some(i) => Some(Next::Step(i)),
            None => {
                let m = msg::UNKNOWN_STEP.fill(self.lang, &[&field, &target, &ids.join(", ")]);
                self.problem(field, m);
                None
            }
        }
    }

    fn step(&mut self, i: usize, s: RawStep, ids: &[String]) -> Step {
        let at = format!("steps[{i}]");
        self.id(&format!("{at}.id"), &s.id);
        let customer_field = format!("{at}.customer");
        if s.customer.0.is_empty() {
            self.problem(
                &customer_field,
                msg::MUST_NOT_BE_EMPTY.fill(self.lang, &[&customer_field]),
            );
        }
        let customer = s
            .customer
            .0
            .into_iter()
            .enumerate()
            .map(|(j, line)| {
                let item = format!("{customer_field}[{j}]");
                let field = if self.positions.has(&item) {
                    item
                } else {
                    customer_field.clone()
                };
                self.non_empty(&field, &line.0);
                line.0
            })
            .collect();
        let required = self.required(&format!("{at}.required"), s.required);
        let banned = self.banned(&format!("{at}.banned"), s.banned);
        let max_chars = s.max_chars.map(|n| {
            self.range(
                &format!("{at}.max_chars"),
                Some(n),
                1,
                i64::from(u32::MAX),
                1,
            ) as usize
        });
        let on_pass = self.next(&format!("{at}.on_pass"), s.on_pass, ids);
        let on_fail = self.next(&format!("{at}.on_fail"), s.on_fail, ids);
        let examples = s.examples.map_or_else(Examples::default, |e| {
            let list = |kind: &str, l: Option<Vec<Text>>| -> Vec<Example> {
                l.unwrap_or_default()
                    .into_iter()
                    .enumerate()
                    .map(|(j, t)| Example {
                        text: t.0,
                        pos: self.positions.at(&format!("{at}.examples.{kind}[{j}]")),
                    })
                    .collect()
            };
            Examples {
                pass: list("pass", e.pass),
                fail: list("fail", e.fail),
            }
        });
        if let Some(title) = &s.title {
            self.non_empty(&format!("{at}.title"), title);
        }
        Step {
            pos: self.positions.at(&at),
            id: s.id,
            title: s.title,
            customer,
            task: s.task,
            required,
            banned,
            question: s.question.unwrap_or(false),
            max_chars,
            hint: s.hint,
            model_answer: s.model_answer,
            on_pass,
            on_fail,
            examples,
        }
    }
}
