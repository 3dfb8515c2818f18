//! The meeting minutes in Markdown: the leaderboard, then per step the customer's
//! line and every trainee's answer with its verdict, the best answer marked ★.
//! Trainees' text goes into table cells, so it is escaped to stay in its cell and
//! to render as text, never as HTML or formatting.

use std::io::{self, Write};

use jiff::tz::TimeZone;

use crate::i18n::{Lang, msg};
use crate::meeting::{Meeting, StepAnswers};

use super::{
    MOST_MISSED, best_mark, facts, missed_text, passed_line, result, score_text, step_name,
    total_text, verdict_text,
};
use crate::report::file::md_cell as cell;

pub fn write(w: &mut dyn Write, lang: Lang, m: &Meeting, tz: &TimeZone) -> io::Result<()> {
    let title = msg::MEETING_MINUTES.fill(lang, &[&m.scenario.title]);
    writeln!(w, "# {}\n", cell(&title))?;
    for (label, value) in facts(lang, m, tz) {
        writeln!(w, "- {label}: {}", cell(&value))?;
    }
    leaderboard(w, lang, m)?;
    most_missed(w, lang, m)?;
    for (n, step) in m.steps().iter().enumerate() {
        answers(w, lang, m, n, step)?;
    }
    writeln!(
        w,
        "\n---\n\n{}",
        msg::MEETING_FOOTER.fill(lang, &[&cell(&m.id)])
    )
}

fn leaderboard(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
    writeln!(w, "\n## {}\n", msg::MEETING_LEADERBOARD.get(lang))?;
    writeln!(
        w,
        "| {} | {} | {} | {} | {} |",
        msg::MEETING_COL_RANK.get(lang),
        msg::MEETING_COL_TRAINEE.get(lang),
        msg::MEETING_COL_SCORE.get(lang),
        msg::MEETING_COL_BANNED.get(lang),
        msg::MEETING_COL_RESULT.get(lang),
    )?;
    writeln!(w, "|---:|---|---:|---:|---|")?;
    for st in m.leaderboard() {
        let e = &m.entries[st.entry];
        writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            st.rank,
            cell(e.trainee()),
            total_text(lang, e),
            e.banned_hits(),
            result(lang, e.passed())
        )?;
    }
    writeln!(w, "\n{}", passed_line(lang, m))
}

fn most_missed(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
    writeln!(w, "\n## {}\n", msg::MEETING_MOST_MISSED.get(lang))?;
    let missed = m.most_missed(MOST_MISSED);
    if missed.is_empty() {
        writeln!(w, "{}", msg::MEETING_NONE_MISSED.get(lang))?;
    }
    for x in &missed {
        writeln!(w, "- {}", cell(&missed_text(lang, x)))?;
    }
    Ok(())
}

/// Step `n` (0-based among the steps answered): the customer's lines, then every
/// answer with its score and verdict, the best marked ★.
fn answers(
    w: &mut dyn Write,
    lang: Lang,
    m: &Meeting,
    n: usize,
    step: &StepAnswers,
) -> io::Result<()> {
    let heading =
        msg::MEETING_STEP_HEADING.fill(lang, &[&(n + 1), &step_name(m.scenario, step.step)]);
    writeln!(w, "\n## {}\n", cell(&heading))?;
    // Branches and variants can give a step different lines; each is quoted once.
    let mut lines: Vec<&str> = Vec::new();
    for a in &step.answers {
        if !lines.contains(&a.step.customer.as_str()) {
            lines.push(&a.step.customer);
        }
    }
    for line in lines {
        writeln!(
            w,
            "> {}: {}",
            msg::MEETING_COL_CUSTOMER.get(lang),
            cell(line)
        )?;
    }
    writeln!(
        w,
        "\n| {} | {} | {} | {} |",
        msg::MEETING_COL_TRAINEE.get(lang),
        msg::MEETING_COL_ANSWER.get(lang),
        msg::MEETING_COL_SCORE.get(lang),
        msg::MEETING_COL_VERDICT.get(lang),
    )?;
    writeln!(w, "|---|---|---:|---|")?;
    for (i, a) in step.answers.iter().enumerate() {
        let best = step.best == Some(i);
        let name = cell(a.entry.trainee());
        let name = if best { format!("★ {name}") } else { name };
        let mut verdict = cell(&verdict_text(lang, a.step));
        if best {
            verdict = format!("{verdict}; ★ {}", best_mark(lang, step.picked));
        }
        writeln!(
            w,
            "| {name} | {} | {} | {verdict} |",
            cell(&a.step.counted.answer),
            cell(&score_text(lang, a.step))
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_keep_their_text_inside_the_cell() {
        let case = |input: &str, expected: &str| assert_eq!(cell(input), expected, "{input}");
        case("您好|李先生", "您好\\|李先生");
        case(
            "<script>alert(1)</script>",
            "&lt;script&gt;alert(1)&lt;/script&gt;",
        );
        case("第一行\r\n第二行", "第一行 第二行");
        case("*重点* _x_ `c`", "\\*重点\\* \\_x\\_ \\`c\\`");
        case("A&B", "A&amp;B");
    }
}
