//! `rehearse check` (spec §6): validate every file, then run every step's examples
//! and the authoring warnings of [`lint`]; [`crate::report::check`] renders the result.
//! One bad file never stops the others; every problem is collected and located.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::Located;
use crate::i18n::{Lang, msg};
use crate::report::check::{CheckReport, reasons};
use crate::scenario::load;
use crate::scenario::model::Scenario;
use crate::scoring::Compiled;
use crate::yaml::{self, FileKind, MAX_FILE_BYTES, Positions};

pub mod lint;

/// Each example run against its step on its own.
pub fn examples(path: &Path, scenario: &Scenario, lang: Lang) -> Vec<Located> {
    examples_with(path, &Compiled::new(scenario), lang)
}

/// [`examples`] with the scenario compiled already.
fn examples_with(path: &Path, compiled: &Compiled<'_>, lang: Lang) -> Vec<Located> {
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
            let v = compiled.score(i, &ex.text);
            if !v.passed {
                let field = format!("steps[{i}].{list}[{j}]");
                out.push(Located {
                    path: path.to_owned(),
                    line: ex.pos.line,
                    column: ex.pos.column,
                    message: msg::EXAMPLE_SHOULD_PASS.fill(lang, &[&field, &reasons(lang, &v)]),
                });
            }
        }
        for (j, ex) in step.examples.fail.iter().enumerate() {
            if compiled.score(i, &ex.text).passed {
                let field = format!("steps[{i}].examples.fail[{j}]");
                out.push(Located {
                    path: path.to_owned(),
                    line: ex.pos.line,
                    column: ex.pos.column,
                    message: msg::EXAMPLE_SHOULD_FAIL.fill(lang, &[&field]),
                });
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

pub fn check(paths: &[PathBuf], lang: Lang) -> CheckReport {
    let mut report = CheckReport::default();
    let mut ids: HashMap<String, PathBuf> = HashMap::new();
    for file in files(paths, &mut report, lang) {
        report.files += 1;
        let bytes = match yaml::read_limited(&file, MAX_FILE_BYTES, FileKind::Scenario, lang) {
            Ok(b) => b,
            Err(crate::error::Error::ScenarioInvalid { problems }) => {
                report.invalid += 1;
                report.problems.extend(problems);
                continue;
            }
            Err(e) => {
                report.invalid += 1;
                report
                    .problems
                    .push(io_problem(&file, &crate::i18n::render_error(&e, lang)));
                continue;
            }
        };
        match load::parse(&file, &bytes, lang) {
            Err(problems) => {
                report.invalid += 1;
                report.problems.extend(problems);
            }
            Ok(scenario) => {
                if let Some(first) = ids.get(&scenario.id) {
                    let text = String::from_utf8_lossy(&bytes);
                    let pos = Positions::of(&text).at("id");
                    report.invalid += 1;
                    report.problems.push(Located {
                        path: file.clone(),
                        line: pos.line,
                        column: pos.column,
                        message: msg::DUPLICATE_SCENARIO
                            .fill(lang, &[&scenario.id, &first.display()]),
                    });
                    continue;
                }
                ids.insert(scenario.id.clone(), file.clone());
                let text = String::from_utf8_lossy(&bytes);
                let compiled = Compiled::new(&scenario);
                report
                    .warnings
                    .extend(lint::warnings(&file, &compiled, &text, lang));
                let found = examples_with(&file, &compiled, lang);
                report.example_problems += found.len();
                report.problems.extend(found);
            }
        }
    }
    report
}
