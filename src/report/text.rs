//! The human-readable report: the feedback shown after each answer, the end-of-run
//! summary, and the whole `run` report, in the user's language.

use std::io::{self, Write};

use colored::Colorize;

use crate::i18n::{Lang, msg};
use crate::record::Missing;
use crate::scenario::model::Scenario;
use crate::scoring::{StepVerdict, Summary};
use crate::simulate::{Ending, Outcome, Turn};

use super::style::{bad, label, quiet};

/// The answer with every banned span marked (colour on a terminal, 【】 without).
pub fn highlight(answer: &str, spans: &[(u32, u32)]) -> String {
    if spans.is_empty() {
        return answer.to_owned();
    }
    let colour = colored::control::SHOULD_COLORIZE.should_colorize();
    let mut out = String::new();
    let mut inside = String::new();
    for (i, ch) in answer.chars().enumerate() {
        let i = i as u32;
        let hit = spans.iter().any(|&(s, e)| s <= i && i < e);
        if hit {
            inside.push(ch);
            continue;
        }
        flush(&mut out, &mut inside, colour);
        out.push(ch);
    }
    flush(&mut out, &mut inside, colour);
    out
}

fn flush(out: &mut String, inside: &mut String, colour: bool) {
    if inside.is_empty() {
        return;
    }
    if colour {
        out.push_str(&inside.red().bold().underline().to_string());
    } else {
        out.push('【');
        out.push_str(inside);
        out.push('】');
    }
    inside.clear();
}

fn why(w: &mut dyn Write, why: &Option<String>) -> io::Result<()> {
    match why {
        Some(y) => writeln!(w, " — {}", quiet(y)),
        None => writeln!(w),
    }
}

/// The checks of one answer: each required item, banned hit, question and length.
pub fn verdict(w: &mut dyn Write, lang: Lang, answer: &str, v: &StepVerdict) -> io::Result<()> {
    let spans: Vec<(u32, u32)> = v
        .banned
        .iter()
        .flat_map(|b| b.spans.iter().copied())
        .collect();
    writeln!(
        w,
        "   {}: {}",
        msg::REPORT_ANSWER.get(lang),
        highlight(answer, &spans)
    )?;
    for r in &v.required {
        if r.met {
            writeln!(
                w,
                "   {} {} {}",
                "✓".green(),
                msg::REPORT_MET.get(lang),
                r.label
            )?;
        } else {
            write!(
                w,
                "   {} {} {}",
                "✗".red(),
                msg::REPORT_MISSING.get(lang),
                r.label.bold()
            )?;
            why(w, &r.why)?;
            if !r.ways.is_empty() {
                let ways = r.ways.join(" / ");
                writeln!(w, "     {}", quiet(&msg::REPORT_WAYS.fill(lang, &[&ways])))?;
            }
        }
    }
    match v.question {
        Some(true) => writeln!(w, "   {} {}", "✓".green(), msg::REPORT_QUESTION.get(lang))?,
        Some(false) => writeln!(w, "   {} {}", "✗".red(), msg::REPORT_NOT_QUESTION.get(lang))?,
        None => {}
    }
    if let Some(m) = &v.max_chars
        && !m.met
    {
        let text = msg::REPORT_MAX_CHARS.fill(lang, &[&m.chars, &m.limit]);
        writeln!(w, "   {} {text}", "✗".red())?;
    }
    for b in &v.banned {
        write!(
            w,
            "   {} {} {}",
            "✗".red(),
            msg::REPORT_BANNED.get(lang),
            b.phrase.red().bold()
        )?;
        why(w, &b.why)?;
    }
    Ok(())
}

/// A verdict headed by its score, as `score` prints it.
pub fn verdict_with_score(
    w: &mut dyn Write,
    lang: Lang,
    answer: &str,
    v: &StepVerdict,
) -> io::Result<()> {
    writeln!(
        w,
        "{} {}",
        msg::REPORT_SCORE.get(lang),
        score(v.score, v.passed)
    )?;
    verdict(w, lang, answer, v)
}

fn score(score: u8, passed: bool) -> String {
    let s = score.to_string();
    if passed {
        s.green().bold().to_string()
    } else {
        s.red().bold().to_string()
    }
}

/// One answered step: the customer's line, the answer and its checks.
pub fn turn(
    w: &mut dyn Write,
    lang: Lang,
    scenario: &Scenario,
    n: usize,
    t: &Turn,
) -> io::Result<()> {
    let step = &scenario.steps[t.step];
    writeln!(
        w,
        "{}. {}  {} {}",
        n,
        step.title().bold(),
        msg::REPORT_SCORE.get(lang),
        score(t.verdict.score, t.verdict.passed)
    )?;
    writeln!(w, "   {}: {}", msg::REPORT_CUSTOMER.get(lang), t.customer)?;
    verdict(w, lang, &t.answer, &t.verdict)
}

/// After a failed step in a report: what a good answer looks like.
pub fn model_answer(
    w: &mut dyn Write,
    lang: Lang,
    scenario: &Scenario,
    t: &Turn,
) -> io::Result<()> {
    let step = &scenario.steps[t.step];
    if t.verdict.passed {
        return Ok(());
    }
    if let Some(m) = &step.model_answer {
        writeln!(w, "   {}: {}", label(msg::REPORT_MODEL.get(lang)), m)?;
    }
    super::best::best_answers(w, lang, step)
}

/// How the conversation ended and the scenario-level verdict.
pub fn summary(
    w: &mut dyn Write,
    lang: Lang,
    scenario: &Scenario,
    o: &Outcome,
    s: &Summary,
) -> io::Result<()> {
    match o.ending {
        Ending::WalkedOut => writeln!(w, "{}", bad(msg::REPORT_WALKED_OUT.get(lang)))?,
        Ending::VisitLimit => writeln!(w, "{}", bad(msg::REPORT_VISIT_LIMIT.get(lang)))?,
        Ending::Finished => {}
    }
    rules_and_verdict(w, lang, scenario, s)
}

/// A `missing` entry as a person reads it: the label, or the question and length
/// checks in words.
pub fn missing_label(lang: Lang, missing: &Missing) -> String {
    match missing {
        Missing::Item(label) => label.clone(),
        Missing::Question => msg::GAP_QUESTION.get(lang).to_owned(),
        Missing::TooLong => msg::GAP_TOO_LONG.get(lang).to_owned(),
    }
}

/// The conversation rules, met or not, and the scenario-level verdict.
pub fn rules_and_verdict(
    w: &mut dyn Write,
    lang: Lang,
    scenario: &Scenario,
    s: &Summary,
) -> io::Result<()> {
    if !s.conversation.is_empty() {
        writeln!(w, "{}", msg::REPORT_CONVERSATION.get(lang).bold())?;
        for r in &s.conversation {
            let mark = if r.met { "✓".green() } else { "✗".red() };
            let text =
                msg::REPORT_MENTIONS.fill(lang, &[&r.phrases.join("/"), &r.count, &r.at_least]);
            write!(w, "   {mark} {text}")?;
            if r.met { writeln!(w)? } else { why(w, &r.why)? }
        }
    }
    let verdict = if s.passed {
        msg::REPORT_PASSED.get(lang).green().bold()
    } else {
        msg::REPORT_FAILED.get(lang).red().bold()
    };
    writeln!(
        w,
        "{} {} ({})  {}",
        msg::REPORT_SCORE.get(lang),
        score(s.score, s.passed),
        msg::REPORT_NEED.fill(lang, &[&scenario.pass_score]),
        verdict
    )
}

/// The whole report of a finished run.
pub fn run(
    w: &mut dyn Write,
    lang: Lang,
    scenario: &Scenario,
    o: &Outcome,
    s: &Summary,
) -> io::Result<()> {
    writeln!(
        w,
        "{} {} · {}   {} {}",
        msg::REPORT_SCENARIO.get(lang),
        scenario.id.bold(),
        scenario.title,
        msg::REPORT_SEED.get(lang),
        o.seed
    )?;
    writeln!(w)?;
    for (i, t) in o.turns.iter().enumerate() {
        turn(w, lang, scenario, i + 1, t)?;
        model_answer(w, lang, scenario, t)?;
        writeln!(w)?;
    }
    summary(w, lang, scenario, o, s)
}
