//! `rehearse check` (spec §6): validate every file, then run every step's examples.
//! One bad file never stops the others; every problem is collected and located.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Located, exit};
use crate::i18n::{Lang, msg};
use crate::scoring::{Compiled, StepVerdict};

use super::load;
use super::model::Scenario;
use super::positions::Positions;

#[derive(Debug, Default)]
pub struct CheckReport {
    pub files: usize,
    pub invalid: usize,
    pub example_problems: usize,
    /// In file order, then position.
    pub problems: Vec<Located>,
    /// Valid but suspicious; see `lint`.
    pub warnings: Vec<Located>,
}

impl CheckReport {
    /// 2 when a file is invalid, 1 when examples misbehave (or, with `strict`,
    /// when there are warnings), else 0.
    pub fn exit_code(&self, strict: bool) -> u8 {
        if self.invalid > 0 {
            exit::UNUSABLE
        } else if self.example_problems > 0 || (strict && !self.warnings.is_empty()) {
            exit::FAILED
        } else {
            exit::OK
        }
    }
}

/// Why a verdict is not a pass, for messages: "missing 您好, question; banned 你好".
pub fn reasons(lang: Lang, v: &StepVerdict) -> String {
    let mut parts = Vec::new();
    let missing = v.missing();
    if !missing.is_empty() {
        parts.push(format!(
            "{} {}",
            msg::REPORT_MISSING.get(lang),
            missing.join(", ")
        ));
    }
    if !v.banned.is_empty() {
        parts.push(format!(
            "{} {}",
            msg::REPORT_BANNED.get(lang),
            v.banned_phrases().join(", ")
        ));
    }
    parts.join("; ")
}

/// Each example run against its step on its own.
pub fn examples(path: &Path, scenario: &Scenario, lang: Lang) -> Vec<Located> {
    examples_with(path, &Compiled::new(scenario), lang)
}

/// [`examples`] with the scenario compiled already.
fn examples_with(path: &Path, compiled: &Compiled<'_>, lang: Lang) -> Vec<Located> {
    let scenario = compiled.scenario;
    let mut out = Vec::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        for (j, ex) in step.examples.pass.iter().enumerate() {
            let v = compiled.score(i, &ex.text);
            if !v.passed {
                let field = format!("steps[{i}].examples.pass[{j}]");
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
        let bytes =
            match load::read_limited(&file, load::MAX_FILE_BYTES, load::FileKind::Scenario, lang) {
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
                    .extend(super::lint::warnings(&file, &compiled, &text, lang));
                let found = examples_with(&file, &compiled, lang);
                report.example_problems += found.len();
                report.problems.extend(found);
            }
        }
    }
    report
}

/// One `file:line:column: message` line per problem and warning, in file order, into
/// `w`; the one-line summary into `summary_to`, so that `w` (stdout) holds nothing but
/// located lines for editors and scripts to read.
pub fn write_text(
    w: &mut dyn std::io::Write,
    summary_to: &mut dyn std::io::Write,
    lang: Lang,
    r: &CheckReport,
) -> std::io::Result<()> {
    let mut lines: Vec<&Located> = r.problems.iter().chain(&r.warnings).collect();
    lines.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    for l in lines {
        writeln!(w, "{l}")?;
    }
    w.flush()?;
    let summary = if r.warnings.is_empty() {
        msg::CHECK_SUMMARY.fill(lang, &[&r.files, &r.invalid, &r.example_problems])
    } else {
        let n = r.warnings.len();
        msg::CHECK_SUMMARY_WARNINGS.fill(lang, &[&r.files, &r.invalid, &r.example_problems, &n])
    };
    writeln!(summary_to, "{summary}")
}

#[derive(serde::Serialize)]
struct JsonProblem<'a> {
    file: String,
    line: usize,
    column: usize,
    severity: &'static str,
    message: &'a str,
}

/// One JSON object, for editors and CI: counts and every located problem.
pub fn write_json(w: &mut dyn std::io::Write, r: &CheckReport) -> std::io::Result<()> {
    fn item<'a>(l: &'a Located, severity: &'static str) -> JsonProblem<'a> {
        JsonProblem {
            file: l.path.display().to_string(),
            line: l.line,
            column: l.column,
            severity,
            message: &l.message,
        }
    }
    let problems: Vec<JsonProblem> = r
        .problems
        .iter()
        .map(|l| item(l, "error"))
        .chain(r.warnings.iter().map(|l| item(l, "warning")))
        .collect();
    let value = serde_json::json!({
        "files": r.files,
        "invalid": r.invalid,
        "example_problems": r.example_problems,
        "warnings": r.warnings.len(),
        "problems": problems,
    });
    serde_json::to_writer(&mut *w, &value)?;
    writeln!(w)
}
