//! `rehearse check` (spec §6): validate every file, then run every step's examples
//! and the authoring warnings of [`lint`]; [`crate::report::check`] renders the result.
//! One bad file never stops the others; every problem is collected and located.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Located;
use crate::i18n::{Lang, msg};
use crate::report::check::{CheckReport, reasons};
use crate::scenario::lexicon::{Applying, Lexicon};
use crate::scenario::load;
use crate::scenario::model::Scenario;
use crate::scoring::Compiled;
use crate::yaml::{self, FileKind, MAX_FILE_BYTES, OnDemand, Pos, Positions, located};

pub mod lint;

/// Each example run against its step on its own; `text` is the file the scenario was
/// read from, where a misbehaving example is found.
pub fn examples(path: &Path, text: &str, scenario: &Scenario, lang: Lang) -> Vec<Located> {
    let positions = OnDemand::new(text);
    examples_with(path, &positions, &Compiled::for_checking(scenario), lang)
}

/// [`examples`] with the scenario compiled already.
fn examples_with(
    path: &Path,
    positions: &OnDemand<'_>,
    compiled: &Compiled<'_>,
    lang: Lang,
) -> Vec<Located> {
    let scenario = compiled.scenario;
    let mut out = Vec::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        let pass = step
            .examples
            .pass
            .iter()
            .enumerate()
            .map(|(j, ex)| ("examples.pass", j, ex));
        let best = step
            .best_answers
            .iter()
            .enumerate()
            .map(|(j, ex)| ("best_answers", j, ex));
        for (list, j, ex) in pass.chain(best) {
            // A verdict, for its reasons, only for an example that fails.
            if !compiled.passes(i, &ex.text) {
                let v = compiled.score(i, &ex.text);
                let field = format!("steps[{i}].{list}[{j}]");
                let message = msg::EXAMPLE_SHOULD_PASS.fill(lang, &[&field, &reasons(lang, &v)]);
                out.push(located(path, positions.at(&field), message));
            }
        }
        for (j, ex) in step.examples.fail.iter().enumerate() {
            if compiled.passes(i, &ex.text) {
                let field = format!("steps[{i}].examples.fail[{j}]");
                let message = msg::EXAMPLE_SHOULD_FAIL.fill(lang, &[&field]);
                out.push(located(path, positions.at(&field), message));
            }
        }
    }
    out
}

fn files(paths: &[PathBuf], report: &mut CheckReport, lang: Lang) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            match load::yaml_files(p) {
                Ok(list) if list.is_empty() => {
                    report.invalid += 1;
                    report.problems.push(Located {
                        path: p.clone(),
                        line: 1,
                        column: 1,
                        message: msg::CHECK_NO_FILES.fill(lang, &[&p.display()]),
                    });
                }
                Ok(list) => out.extend(list),
                Err(e) => {
                    report.invalid += 1;
                    report
                        .problems
                        .push(io_problem(p, &crate::i18n::render_error(&e, lang)));
                }
            }
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn io_problem(path: &Path, message: &str) -> Located {
    Located {
        path: path.to_owned(),
        line: 1,
        column: 1,
        message: message.to_owned(),
    }
}

/// What checking one file found, before duplicate ids across files are known.
enum FileResult {
    /// Unreadable or invalid: its problems.
    Invalid(Vec<Located>),
    /// Valid: its id, its warnings and misbehaving examples.
    Valid {
        id: String,
        warnings: Vec<Located>,
        examples: Vec<Located>,
    },
}

/// The lexicon that applies in each folder, read once per folder.
type Lexicons = HashMap<PathBuf, Result<Applying, Vec<Located>>>;

/// Reads, validates, lints and runs the examples of one file, on its own.
fn check_file(file: &Path, lang: Lang, lexicons: &Lexicons) -> FileResult {
    thread_local! {
        /// The file being checked: one buffer per thread, reused.
        static BYTES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    let mut bytes = BYTES.take();
    let result = check_bytes(file, lang, lexicons, &mut bytes);
    BYTES.set(bytes);
    result
}

/// [`check_file`] with `bytes` to read the file into.
fn check_bytes(file: &Path, lang: Lang, lexicons: &Lexicons, bytes: &mut Vec<u8>) -> FileResult {
    match yaml::read_limited_into(file, MAX_FILE_BYTES, FileKind::Scenario, lang, bytes) {
        Ok(()) => {}
        Err(crate::error::Error::ScenarioInvalid { problems }) => {
            return FileResult::Invalid(problems);
        }
        Err(e) => {
            return FileResult::Invalid(vec![io_problem(
                file,
                &crate::i18n::render_error(&e, lang),
            )]);
        }
    }
    let bytes = bytes.as_slice();
    // Read as UTF-8 once: the whole text places warnings, the text after a byte-order
    // mark is what the scenario was parsed from and places misbehaving examples.
    // Checked with SIMD: scenario files are mostly three-byte Chinese chars.
    let Ok(whole) = simdutf8::basic::from_utf8(bytes) else {
        // Not UTF-8: the parser says where.
        return FileResult::Invalid(load::parse(file, bytes, lang).err().unwrap_or_default());
    };
    let parsed = whole.strip_prefix('\u{FEFF}').unwrap_or(whole);
    let lexicon = || match lexicons.get(crate::atomic::folder(file)) {
        Some(Ok(applying)) => Ok(Cow::Borrowed(applying)),
        Some(Err(problems)) => Err(problems.clone()),
        None => Lexicon::for_file(file, lang).map(Cow::Owned),
    };
    let scenario = match load::parse_text_in(file, parsed, lang, lexicon) {
        Ok(scenario) => scenario,
        Err(problems) => return FileResult::Invalid(problems),
    };
    // Examples are a handful of short answers: a matcher that is quick to build
    // beats one that is quick to search.
    let compiled = Compiled::for_checking(&scenario);
    let warnings = lint::warnings(file, &compiled, whole, lang);
    let examples = examples_with(file, &OnDemand::new(parsed), &compiled, lang);
    FileResult::Valid {
        id: scenario.id.clone(),
        warnings,
        examples,
    }
}

/// Checks every file (folders searched for `.yaml`/`.yml` files), on every core; the
/// report lists what was found in file order, as if checked one after the other: a
/// second file with an id already seen is invalid, and only the first is linted.
pub fn check(paths: &[PathBuf], lang: Lang) -> CheckReport {
    let mut report = CheckReport::default();
    let files = files(paths, &mut report, lang);
    let mut lexicons = Lexicons::new();
    for f in &files {
        let folder = crate::atomic::folder(f);
        if !lexicons.contains_key(folder) {
            lexicons.insert(folder.to_owned(), Lexicon::for_folder(folder, lang));
        }
    }
    let results = crate::pool::map(&files, |f| check_file(f, lang, &lexicons));
    let mut ids: HashMap<String, &Path> = HashMap::new();
    for (file, result) in files.iter().zip(results) {
        report.files += 1;
        match result {
            FileResult::Invalid(problems) => {
                report.invalid += 1;
                report.problems.extend(problems);
            }
            FileResult::Valid {
                id,
                warnings,
                examples,
            } => {
                if let Some(first) = ids.get(&id) {
                    // A second file with an id is rare: it is read again to place it.
                    let pos = yaml::read_limited(file, MAX_FILE_BYTES, FileKind::Scenario, lang)
                        .map_or(Pos { line: 1, column: 1 }, |bytes| {
                            Positions::of(&String::from_utf8_lossy(&bytes)).at("id")
                        });
                    report.invalid += 1;
                    report.problems.push(Located {
                        path: file.clone(),
                        line: pos.line,
                        column: pos.column,
                        message: msg::DUPLICATE_SCENARIO.fill(lang, &[&id, &first.display()]),
                    });
                    continue;
                }
                ids.insert(id, file);
                report.warnings.extend(warnings);
                report.example_problems += examples.len();
                report.problems.extend(examples);
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::model::Scenario;

    fn shipped() -> Vec<Scenario> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        load::yaml_files(&dir)
            .unwrap_or_default()
            .iter()
            .map(|f| match load::load_file(f, Lang::En) {
                Ok((s, _)) => s,
                Err(e) => panic!("{}", crate::i18n::render_error(&e, Lang::En)),
            })
            .collect()
    }

    /// The automaton `check` builds gives every verdict the regular one gives, and
    /// [`Compiled::passes`] each verdict's `passed`, on every step of the shipped
    /// library: for the step's own texts (examples, model answer, customer lines), its
    /// required alternatives run together, its banned phrases each with an exception,
    /// and the other steps' model answers.
    #[test]
    fn the_quick_automaton_gives_the_same_verdicts() {
        let library = shipped();
        assert!(library.len() > 30);
        let mut compared = 0;
        for s in &library {
            let regular = Compiled::new(s);
            let quick = Compiled::for_checking(s);
            let models: Vec<String> = s
                .steps
                .iter()
                .filter_map(|st| st.model_answer.clone())
                .collect();
            for (i, step) in s.steps.iter().enumerate() {
                let mut answers = models.clone();
                answers.extend(step.customer.iter().cloned());
                answers.extend(step.examples.pass.iter().map(|e| e.text.clone()));
                answers.extend(step.examples.fail.iter().map(|e| e.text.clone()));
                answers.push(step.required.iter().map(|r| r.any.join("，")).collect());
                // Each banned phrase with its first exception, a few at a time.
                for chunk in step.banned.chunks(8) {
                    let said = |b: &crate::scenario::model::Banned| {
                        format!("{}，{}", b.phrase, b.except.first().map_or("", |e| e))
                    };
                    answers.push(chunk.iter().map(said).collect::<Vec<_>>().join("。"));
                }
                for a in &answers {
                    let verdict = regular.score(i, a);
                    assert_eq!(verdict, quick.score(i, a), "{}: {a}", s.id);
                    // The short answer `check` asks of most examples is the verdict's.
                    assert_eq!(quick.passes(i, a), verdict.passed, "{}: {a}", s.id);
                    assert_eq!(regular.passes(i, a), verdict.passed, "{}: {a}", s.id);
                    compared += 1;
                }
            }
        }
        assert!(compared > 1_000, "{compared}");
    }
}
