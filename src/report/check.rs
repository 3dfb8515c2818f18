//! The screens of `rehearse check`: located lines and a summary, or one JSON object;
//! and the words for why a verdict is not a pass, shared with the meeting reports.

use crate::error::{Located, exit};
use crate::i18n::{Lang, msg};
use crate::record::Missing;
use crate::scoring::StepVerdict;

/// What `check` found over all its files, for the renderers below.
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
            Missing::join(&missing, ", ")
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
