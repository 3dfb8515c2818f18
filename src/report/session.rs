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
    text::verdict_with_score(w, lang, &t.answer, &t.verdict)?;
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
        let mut gaps: Vec<String> = t
            .verdict
            .missing()
            .into_iter()
            .map(|m| match m.as_str() {
                crate::scoring::MISSING_QUESTION => msg::GAP_QUESTION.get(lang).to_owned(),
                crate::scoring::MISSING_MAX_CHARS => msg::GAP_TOO_LONG.get(lang).to_owned(),
                _ => m,
            })
            .collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::fixture::scenario;
    use crate::scoring::Compiled;
    use crate::session::{self, Scripted};

    const SCENARIO: &str = "id: demo\ntitle: 电话邀约\nskill: phone\ndifficulty: 2\nbrief: 李先生是个体户。\npersona:\n  name: 李先生\n  description: 个体户\n  patience: 3\nbanned:\n  - phrase: 保证\n    except: [不保证]\n    why: 不得误导\nconversation:\n  - mentions: [李先生]\n    at_least: 2\n    why: 多称呼客户\nsteps:\n  - id: opening\n    customer: 喂,哪位?\n    task: 问好并自报家门\n    required:\n      - 您好\n      - any: [交通银行, 交行]\n        label: 报出银行\n        why: 先让客户知道是哪家银行\n    banned: [你好]\n    max_chars: 20\n  - id: need\n    customer: 什么事?\n    question: true\n    required: [李先生]\n";

    /// Renders with colour off: what a person sees, minus the escape codes.
    fn screens(lang: Lang) -> String {
        colored::control::set_override(false);
        let s = scenario(SCENARIO);
        let compiled = Compiled::new(&s);
        let answers = vec![
            "你好,我是交行的小王,保证给您办好,这句话很长很长很长".to_owned(),
            "李先生,您最近方便来网点吗?".to_owned(),
        ];
        let outcome = match session::run(&compiled, 1, &mut Scripted::new(&answers)) {
            Ok(o) => o,
            Err(e) => panic!("{e:?}"),
        };
        let summary_of_run = outcome.summary(&s);
        let mut w = Vec::new();
        intro(&mut w, lang, &s).ok();
        for t in &outcome.turns {
            customer_line(&mut w, lang, &s, &s.steps[t.step], &t.customer).ok();
            feedback(&mut w, lang, t).ok();
        }
        summary(&mut w, lang, &s, &outcome, &summary_of_run).ok();
        String::from_utf8_lossy(&w).into_owned()
    }

    #[test]
    fn the_session_screens_in_chinese() {
        insta::assert_snapshot!(screens(Lang::Zh));
    }

    #[test]
    fn the_session_screens_in_english() {
        insta::assert_snapshot!(screens(Lang::En));
    }
}
