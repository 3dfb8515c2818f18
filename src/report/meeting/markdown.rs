//! The meeting minutes in Markdown: the leaderboard, then per step the customer's
//! line and every trainee's answer with its verdict, the best answer marked ★.
//! Trainees' text goes into table cells, so it is escaped to stay in its cell and
//! to render as text, never as HTML or formatting.

use std::io::{self, Write};

use crate::i18n::{Lang, msg};
use crate::meeting::Meeting;
use crate::report::check::reasons;

use super::{passed_line, result};
use crate::report::file::md_cell as cell;

pub fn write(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
    let s = m.scenario;
    writeln!(
        w,
        "# {}",
        cell(&msg::MEETING_MINUTES.fill(lang, &[&s.title]))
    )?;
    writeln!(w)?;
    writeln!(w, "- {}: {}", msg::MEETING_ID.get(lang), m.id)?;
    writeln!(w, "- {}: {}", msg::MEETING_SCENARIO.get(lang), s.id)?;
    writeln!(w, "- {}: {}", msg::MEETING_SEED.get(lang), m.seed)?;
    writeln!(
        w,
        "- {}: {}",
        msg::MEETING_PASS_MARK.get(lang),
        s.pass_score
    )?;
    writeln!(w)?;
    writeln!(w, "## {}", msg::MEETING_LEADERBOARD.get(lang))?;
    writeln!(w)?;
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
            cell(&e.trainee),
            e.summary.score,
            e.banned_hits(),
            result(lang, e.summary.passed)
        )?;
    }
    writeln!(w)?;
    writeln!(w, "{}", passed_line(lang, m))?;
    for (n, step) in m.steps().iter().enumerate() {
        writeln!(w)?;
        let heading = msg::MEETING_STEP_HEADING.fill(lang, &[&(n + 1), &s.steps[step.step].id]);
        writeln!(w, "## {}", cell(&heading))?;
        writeln!(w)?;
        // Branches and variants can give a step different lines; each is quoted once.
        let mut lines: Vec<&str> = Vec::new();
        for (_, t) in &step.answers {
            if !lines.contains(&t.customer.as_str()) {
                lines.push(&t.customer);
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
        writeln!(w)?;
        writeln!(
            w,
            "| {} | {} | {} | {} |",
            msg::MEETING_COL_TRAINEE.get(lang),
            msg::MEETING_COL_ANSWER.get(lang),
            msg::MEETING_COL_SCORE.get(lang),
            msg::MEETING_COL_VERDICT.get(lang),
        )?;
        writeln!(w, "|---|---|---:|---|")?;
        for (i, (e, t)) in step.answers.iter().enumerate() {
            let name = if step.best == Some(i) {
                format!("★ {}", cell(&e.trainee))
            } else {
                cell(&e.trainee)
            };
            let mut verdict = if t.verdict.passed {
                msg::MEETING_STEP_OK.get(lang).to_owned()
            } else {
                cell(&reasons(lang, &t.verdict))
            };
            if step.best == Some(i) {
                verdict = msg::MEETING_BEST_MARK.fill(lang, &[&verdict]);
            }
            writeln!(
                w,
                "| {name} | {} | {} | {verdict} |",
                cell(&t.answer),
                t.verdict.score
            )?;
        }
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
