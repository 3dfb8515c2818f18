//! The screens of an interactive session: the introduction, each customer line,
//! the feedback after an answer and the closing summary table.

use std::io::{self, Write};

use colored::Colorize;
use comfy_table::{Table, presets};

use crate::i18n::{Lang, msg};
use crate::scenario::model::{Scenario, Step};
use crate::simulate::{Outcome, Summary, Turn};

use super::text;

/// Title, skill and difficulty, the brief and who the customer is.
pub fn intro(w: &mut dyn Write, lang: Lang, s: &Scenario) -> io::Result<()> {
    writeln!(w, "{}", msg::SESSION_TITLE.fill(lang, &[&s.title]).bold())?;
    let meta = msg::SESSION_DIFFICULTY.fill(lang, &[&s.skill, &s.difficulty, &s.pass_score]);
    writeln!(w, "{}", meta.dimmed())?;
    if let Some(brief) = &s.brief {
        writeln!(w)?;
        writeln!(w, "{}", brief.trim_end())?;
    }
    if let Some(p) = &s.persona {
        let who = match (&p.name, &p.description) {
            (Some(n), Some(d)) => format!("{n}({d})"),
            (Some(n), None) => n.clone(),
            (None, Some(d)) => d.clone(),
            (None, None) => String::new(),
        };
        if !who.is_empty() {
            writeln!(w, "{}", msg::SESSION_PERSONA.fill(lang, &[&who]))?;
        }
        if let Some(n) = p.patience {
            writeln!(w, "{}", msg::SESSION_PATIENCE.fill(lang, &[&n]).dimmed())?;
        }
    }
    writeln!(w)
}

/// What the customer says, and the trainee's task for this step.
pub fn customer_line(
    w: &mut dyn Write,
    lang: Lang,
    s: &Scenario,
    step: &Step,
    line: &str,
) -> io::Result<()> {
    let who = s
        .persona
        .as_ref()
        .and_then(|p| p.name.clone())
        .unwrap_or_else(|| msg::SESSION_CUSTOMER.get(lang).to_owned());
    writeln!(w, "{}: {}", who.yellow().bold(), line)?;
    if let Some(task) = &step.task {
        writeln!(w, "{}", msg::SESSION_TASK.fill(lang, &[task]).dimmed())?;
    }
    Ok(())
}

/// The verdict on one answer, right after it is given.
pub fn feedback(w: &mut dyn Write, lang: Lang, t: &Turn) -> io::Result<()> {
    let score = t.verdict.score.to_string();
    let score = if t.verdict.passed {
        score.green().bold()
    } else {
        score.red().bold()
    };
    writeln!(w, "{} {}", msg::REPORT_SCORE.get(lang), score)?;
    text::verdict(w, lang, &t.answer, &t.verdict)?;
    writeln!(w)
}

/// The closing table (step, score, what was missing), then the conversation rules
/// and the verdict.
pub fn summary(
    w: &mut dyn Write,
    lang: Lang,
    s: &Scenario,
    o: &Outcome,
    sum: &Summary,
) -> io::Result<()> {
    writeln!(w, "{}", msg::SESSION_SUMMARY.get(lang).bold())?;
    let mut table = Table::new();
    table.load_style(presets::UTF8_HORIZONTAL_ONLY);
    table.set_header(vec![
        msg::SESSION_COL_STEP.get(lang),
        msg::SESSION_COL_SCORE.get(lang),
        msg::SESSION_COL_MISSING.get(lang),
    ]);
    for (i, t) in o.turns.iter().enumerate() {
        let mut gaps = t.verdict.missing();
        gaps.extend(t.verdict.banned.iter().map(|b| format!("✗{}", b.phrase)));
        table.add_row(vec![
            format!("{}. {}", i + 1, s.steps[t.step].id),
            t.verdict.score.to_string(),
            gaps.join("、"),
        ]);
    }
    writeln!(w, "{table}")?;
    text::summary(w, lang, s, o, sum)
}
