//! The screens of an interactive session: the introduction, each customer line, the
//! hint and model answer on request, the feedback after an answer, how the
//! conversation ended, and the closing summary with the reasons for the verdict.

use std::io::{self, Write};

use comfy_table::{Table, presets};

use crate::i18n::{Lang, T, msg};
use crate::scenario::model::{Scenario, Skill, Step};
use crate::scoring::Summary;
use crate::simulate::{Attempt, Ending, Outcome, Prompt, Turn};

use super::style::{bad, customer, good, label, quiet, strong};
use super::text;

/// Title, skill and difficulty, the brief and who the customer is.
pub fn intro(w: &mut dyn Write, lang: Lang, s: &Scenario) -> io::Result<()> {
    writeln!(w, "{}", strong(&msg::SESSION_TITLE.fill(lang, &[&s.title])))?;
    let meta = msg::SESSION_DIFFICULTY.fill(
        lang,
        &[&s.skill.display(lang), &s.difficulty, &s.pass_score],
    );
    writeln!(w, "{}", quiet(&meta))?;
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
            writeln!(w, "{}", quiet(&msg::SESSION_PATIENCE.fill(lang, &[&n])))?;
        }
    }
    writeln!(w)
}

/// Where a customer line falls in the conversation.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    /// 1 for the first line of the conversation.
    pub number: usize,
    /// Said again after the trainee took an answer back.
    pub again: bool,
}

fn who(lang: Lang, s: &Scenario) -> String {
    s.persona
        .as_ref()
        .and_then(|p| p.name.clone())
        .unwrap_or_else(|| msg::SESSION_CUSTOMER.get(lang).to_owned())
}

/// `第 n 步 · title`, what the customer says, and the trainee's task for this step.
pub fn customer_line(
    w: &mut dyn Write,
    lang: Lang,
    s: &Scenario,
    line: &Line,
    prompt: &Prompt,
) -> io::Result<()> {
    let step = &s.steps[prompt.step];
    let mut heading = msg::SESSION_STEP.fill(lang, &[&line.number, &step.title()]);
    if line.again {
        heading.push(' ');
        heading.push_str(msg::SESSION_AGAIN.get(lang));
    }
    writeln!(w, "{}", strong(&heading))?;
    writeln!(w, "{}: {}", customer(&who(lang, s)), prompt.customer)?;
    // A title made from the task says it already.
    if let Some(task) = step.task.as_deref().filter(|t| *t != step.title()) {
        writeln!(w, "{}", quiet(&msg::SESSION_TASK.fill(lang, &[&task])))?;
    }
    Ok(())
}

/// The step's hint, or that it has none.
pub fn hint(w: &mut dyn Write, lang: Lang, step: &Step) -> io::Result<()> {
    let text = step
        .hint
        .as_deref()
        .unwrap_or(msg::SESSION_NO_HINT.get(lang));
    writeln!(w, "{}: {}", label(msg::REPORT_HINT.get(lang)), text)
}

/// The step's model answer, or that it has none.
pub fn model(w: &mut dyn Write, lang: Lang, step: &Step) -> io::Result<()> {
    let text = step
        .model_answer
        .as_deref()
        .unwrap_or(msg::SESSION_NO_MODEL.get(lang));
    writeln!(w, "{}: {}", label(msg::REPORT_MODEL.get(lang)), text)
}

const ENCOURAGEMENT: [T; 4] = [
    msg::ENCOURAGE_1,
    msg::ENCOURAGE_2,
    msg::ENCOURAGE_3,
    msg::ENCOURAGE_4,
];

/// The verdict on one answer, right after it is given (the `number`th line of the
/// conversation); a passed step gets a word of encouragement.
pub fn feedback(w: &mut dyn Write, lang: Lang, number: usize, a: &Attempt) -> io::Result<()> {
    text::verdict_with_score(w, lang, &a.answer, &a.verdict)?;
    if a.verdict.passed {
        let word = ENCOURAGEMENT[number.saturating_sub(1) % ENCOURAGEMENT.len()];
        writeln!(w, "{}", good(word.get(lang)))?;
    }
    writeln!(w)
}

/// What the customer says when leaving unsatisfied: the scenario's line, or the
/// default for its skill.
pub fn leaves(lang: Lang, s: &Scenario) -> String {
    if let Some(line) = s.persona.as_ref().and_then(|p| p.leaves.clone()) {
        return line;
    }
    let default = match s.skill {
        Skill::Phone => msg::LEAVES_PHONE,
        Skill::Complaint => msg::LEAVES_COMPLAINT,
        Skill::Counter => msg::LEAVES_COUNTER,
        _ => msg::LEAVES_OTHER,
    };
    default.get(lang).to_owned()
}

/// The last answered turn, when the conversation ended on its failure.
fn ended_on_failure(o: &Outcome) -> Option<(usize, &Turn)> {
    let last = o.turns.last()?;
    let failed = o.ending != Ending::Finished || !last.verdict.passed;
    failed.then_some((o.turns.len(), last))
}

/// How the conversation ended, when it ended badly: the customer's closing line and
/// why it ended. Nothing when the last answer passed and the conversation ran out.
pub fn ending(w: &mut dyn Write, lang: Lang, s: &Scenario, o: &Outcome) -> io::Result<()> {
    let Some((n, last)) = ended_on_failure(o) else {
        return Ok(());
    };
    writeln!(w, "{}: {}", customer(&who(lang, s)), leaves(lang, s))?;
    let why = match o.ending {
        Ending::WalkedOut => {
            let failed = o.turns.iter().filter(|t| !t.verdict.passed).count();
            msg::ENDING_WALKED_OUT.fill(lang, &[&failed])
        }
        Ending::VisitLimit => msg::ENDING_VISIT_LIMIT.get(lang).to_owned(),
        Ending::Finished => msg::ENDING_FAILED.fill(lang, &[&n, &s.steps[last.step].title()]),
    };
    writeln!(w, "{}", bad(&why))?;
    writeln!(w)
}

/// Retries and help seen, for the summary and history: `试了 3 次、看过提示`.
pub fn notes(lang: Lang, tries: usize, hint: bool, model: bool) -> String {
    let mut notes = Vec::new();
    if tries > 1 {
        notes.push(msg::NOTE_TRIES.fill(lang, &[&tries]));
    }
    if model {
        notes.push(msg::NOTE_MODEL.get(lang).to_owned());
    } else if hint {
        notes.push(msg::NOTE_HINT.get(lang).to_owned());
    }
    notes.join(list_separator(lang))
}

/// Between items of a list in running text.
pub fn list_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    }
}

/// The closing table (step, score, what was missing, retries and help), then the
/// conversation rules, the verdict and, when not passed, why, in plain words.
pub fn summary(
    w: &mut dyn Write,
    lang: Lang,
    s: &Scenario,
    o: &Outcome,
    sum: &Summary,
) -> io::Result<()> {
    writeln!(w, "{}", strong(msg::SESSION_SUMMARY.get(lang)))?;
    let mut table = Table::new();
    table.load_style(presets::UTF8_HORIZONTAL_ONLY);
    let mut header = vec![
        msg::SESSION_COL_STEP.get(lang),
        msg::SESSION_COL_SCORE.get(lang),
        msg::SESSION_COL_MISSING.get(lang),
    ];
    let noted = o
        .turns
        .iter()
        .any(|t| !t.retries.is_empty() || t.help.hint || t.help.model);
    if noted {
        header.push(msg::SESSION_COL_NOTE.get(lang));
    }
    table.set_header(header);
    for (i, t) in o.turns.iter().enumerate() {
        let mut gaps: Vec<String> = t
            .verdict
            .missing()
            .iter()
            .map(|m| text::missing_label(lang, m))
            .collect();
        gaps.extend(t.verdict.banned.iter().map(|b| format!("✗{}", b.phrase)));
        let mut row = vec![
            format!("{}. {}", i + 1, s.steps[t.step].title()),
            t.verdict.score.to_string(),
            gaps.join(list_separator(lang)),
        ];
        if noted {
            row.push(notes(lang, t.retries.len() + 1, t.help.hint, t.help.model));
        }
        table.add_row(row);
    }
    writeln!(w, "{table}")?;
    text::rules_and_verdict(w, lang, s, sum)?;
    reasons(w, lang, s, o, sum)
}

/// Why a run was not passed, one plain line per reason (spec §3's conditions).
fn reasons(
    w: &mut dyn Write,
    lang: Lang,
    s: &Scenario,
    o: &Outcome,
    sum: &Summary,
) -> io::Result<()> {
    if sum.passed {
        return Ok(());
    }
    let mut lines = Vec::new();
    for (i, t) in o.turns.iter().enumerate() {
        for b in &t.verdict.banned {
            lines.push(msg::WHY_BANNED.fill(lang, &[&b.phrase, &(i + 1)]));
        }
    }
    for r in sum.conversation.iter().filter(|r| !r.met) {
        let rule = msg::REPORT_MENTIONS.fill(lang, &[&r.phrases.join("/"), &r.count, &r.at_least]);
        lines.push(msg::WHY_RULE.fill(lang, &[&rule]));
    }
    if sum.walked_out {
        lines.push(msg::WHY_WALKED_OUT.get(lang).to_owned());
    }
    if sum.score < s.pass_score {
        lines.push(msg::WHY_SCORE.fill(lang, &[&sum.score, &s.pass_score]));
    }
    writeln!(w, "{}", strong(msg::WHY_TITLE.get(lang)))?;
    for line in lines {
        writeln!(w, "   {} {line}", bad("•"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::fixture::scenario;
    use crate::scoring::Compiled;
    use crate::session::{self, Answer, Then, Trainee};
    use crate::simulate::{Help, Simulation};

    const SCENARIO: &str = "id: demo\ntitle: 电话邀约\nskill: phone\ndifficulty: 2\nbrief: 李先生是个体户。\npersona:\n  name: 李先生\n  description: 个体户\n  patience: 3\nbanned:\n  - phrase: 保证\n    except: [不保证]\n    why: 不得误导\nconversation:\n  - mentions: [李先生]\n    at_least: 2\n    why: 多称呼客户\nsteps:\n  - id: opening\n    customer: 喂,哪位?\n    task: 问好并自报家门\n    hint: 先问好,再报银行\n    model_answer: 您好,我是交通银行的小王。\n    required:\n      - 您好\n      - any: [交通银行, 交行]\n        label: 报出银行\n        why: 先让客户知道是哪家银行\n    banned: [你好]\n    max_chars: 20\n  - id: need\n    title: 了解来意\n    customer: 什么事?\n    question: true\n    required: [李先生]\n";

    /// A trainee who gives these answers, with this help seen, and then does this.
    struct Practice(Vec<(&'static str, Help, Then)>);

    impl Trainee for Practice {
        fn answer(&mut self, _: &Simulation<'_, '_>, _: &Prompt) -> crate::error::Result<Answer> {
            let (text, help, _) = self.0[0];
            Ok(Answer {
                text: text.into(),
                help,
            })
        }

        fn feedback(
            &mut self,
            _: &Simulation<'_, '_>,
            _: &Prompt,
            _: &Attempt,
        ) -> crate::error::Result<Then> {
            Ok(self.0.remove(0).2)
        }
    }

    const HINT: Help = Help {
        hint: true,
        model: false,
    };

    /// Every screen of a session with a retry, the hint, a pass, a failed last answer,
    /// and then a walk-out with the scenario's own closing line. Colour off: what a
    /// person sees, minus the escape codes.
    fn screens(lang: Lang) -> String {
        colored::control::set_override(false);
        let s = scenario(SCENARIO);
        let compiled = Compiled::new(&s);
        let mut trainee = Practice(vec![
            (
                "你好,我是交行的小王,保证给您办好",
                Help::default(),
                Then::Retry,
            ),
            ("您好,我是交行的小王", HINT, Then::GoOn),
            ("最近忙吗?", Help::default(), Then::GoOn),
        ]);
        let outcome = match session::run(&compiled, 1, &mut trainee) {
            Ok(o) => o,
            Err(e) => panic!("{e:?}"),
        };
        let sum = outcome.summary(&s);
        let mut w = Vec::new();
        intro(&mut w, lang, &s).ok();
        for (i, t) in outcome.turns.iter().enumerate() {
            let prompt = Prompt {
                step: t.step,
                customer: t.customer.clone(),
            };
            let counted = Attempt {
                answer: t.answer.clone(),
                verdict: t.verdict.clone(),
                help: t.help,
            };
            let tries = t.retries.iter().chain(std::iter::once(&counted));
            for (k, a) in tries.enumerate() {
                let line = Line {
                    number: i + 1,
                    again: k > 0,
                };
                customer_line(&mut w, lang, &s, &line, &prompt).ok();
                if a.help.hint {
                    hint(&mut w, lang, &s.steps[t.step]).ok();
                }
                feedback(&mut w, lang, i + 1, a).ok();
            }
        }
        model(&mut w, lang, &s.steps[0]).ok();
        model(&mut w, lang, &s.steps[1]).ok();
        ending(&mut w, lang, &s, &outcome).ok();
        summary(&mut w, lang, &s, &outcome, &sum).ok();

        let walks = SCENARIO.replace(
            "patience: 3",
            "patience: 1\n  leaves: 那我还是去别家问问吧。",
        );
        let s = scenario(&walks);
        let compiled = Compiled::new(&s);
        let mut sim = Simulation::new(&compiled, 1);
        sim.answer("喂");
        let outcome = sim.finish();
        writeln!(w, "----").ok();
        ending(&mut w, lang, &s, &outcome).ok();
        summary(&mut w, lang, &s, &outcome, &outcome.summary(&s)).ok();
        String::from_utf8_lossy(&w).into_owned()
    }

    #[test]
    fn the_session_screens_in_chinese() {
        let zh = screens(Lang::Zh);
        assert!(!zh.chars().any(|c| c.is_ascii_alphabetic()), "{zh}");
        insta::assert_snapshot!(zh);
    }

    #[test]
    fn the_session_screens_in_english() {
        insta::assert_snapshot!(screens(Lang::En));
    }

    #[test]
    fn each_skill_has_a_closing_line_and_a_scenario_line_wins() {
        let mut s = scenario(SCENARIO);
        assert_eq!(leaves(Lang::Zh, &s), msg::LEAVES_PHONE.zh);
        s.skill = Skill::Complaint;
        assert_eq!(leaves(Lang::En, &s), msg::LEAVES_COMPLAINT.en);
        if let Some(p) = s.persona.as_mut() {
            p.leaves = Some("告辞。".into());
        }
        assert_eq!(leaves(Lang::En, &s), "告辞。");
    }

    #[test]
    fn screens_use_only_colours_that_read_on_light_and_dark_backgrounds() {
        for (file, source) in [
            ("session.rs", include_str!("session.rs")),
            ("text.rs", include_str!("text.rs")),
            ("progress.rs", include_str!("progress.rs")),
            ("concepts.rs", include_str!("concepts.rs")),
            ("ui/mod.rs", include_str!("../ui/mod.rs")),
        ] {
            for faint in [
                concat!(".yel", "low()"),
                concat!(".cy", "an()"),
                concat!(".dim", "med()"),
                concat!(".whi", "te()"),
                concat!(".bl", "ue()"),
                concat!("Color::Li", "ght"),
            ] {
                assert!(!source.contains(faint), "{file} uses {faint}");
            }
        }
    }
}
