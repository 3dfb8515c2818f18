//! The meeting as one self-contained HTML page: the leaderboard, a bar chart of the
//! scores drawn in inline SVG, and every answer step by step. No script, no external
//! style sheet, font or image, so it opens offline from an e-mail or a shared drive.
//! Everything that comes from people (names, answers, scenario text) goes through
//! [`escape`].

use std::io::{self, Write};

use crate::i18n::{Lang, msg};
use crate::meeting::Meeting;
use crate::report::check::reasons;

use super::{passed_line, result};
use crate::report::file::{STYLE, escape_html as escape};

/// Bar chart geometry, in SVG user units.
const LABEL_WIDTH: u32 = 140;
const BAR_SCALE: u32 = 4;
const ROW_HEIGHT: u32 = 28;

fn chart(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
    let board = m.leaderboard();
    let width = LABEL_WIDTH + 100 * BAR_SCALE + 50;
    let height = ROW_HEIGHT * board.len() as u32 + 10;
    writeln!(
        w,
        "<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        escape(msg::MEETING_CHART.get(lang))
    )?;
    let mark = LABEL_WIDTH + u32::from(m.scenario.pass_score) * BAR_SCALE;
    for (row, st) in board.iter().enumerate() {
        let e = &m.entries[st.entry];
        let y = ROW_HEIGHT * row as u32 + 5;
        let bar = u32::from(e.summary.score) * BAR_SCALE;
        let fill = if e.summary.passed {
            "#4caf50"
        } else {
            "#e57373"
        };
        let name = escape(&e.trainee);
        writeln!(
            w,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{name}</text>",
            LABEL_WIDTH - 8,
            y + 17
        )?;
        writeln!(
            w,
            "<rect class=\"bar\" x=\"{LABEL_WIDTH}\" y=\"{y}\" width=\"{bar}\" height=\"{}\" fill=\"{fill}\"><title>{name}: {}</title></rect>",
            ROW_HEIGHT - 8,
            e.summary.score
        )?;
        writeln!(
            w,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            LABEL_WIDTH + bar + 6,
            y + 17,
            e.summary.score
        )?;
    }
    writeln!(
        w,
        "<line x1=\"{mark}\" y1=\"0\" x2=\"{mark}\" y2=\"{height}\" stroke=\"#555\" stroke-dasharray=\"4 3\"><title>{}: {}</title></line>",
        escape(msg::MEETING_PASS_MARK.get(lang)),
        m.scenario.pass_score
    )?;
    writeln!(w, "</svg>")
}

fn header_row(w: &mut dyn Write, lang: Lang, cols: &[&crate::i18n::T]) -> io::Result<()> {
    write!(w, "<thead><tr>")?;
    for c in cols {
        write!(w, "<th>{}</th>", escape(c.get(lang)))?;
    }
    writeln!(w, "</tr></thead>")
}

pub fn write(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
    let s = m.scenario;
    let title = escape(&msg::MEETING_MINUTES.fill(lang, &[&s.title]));
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    writeln!(w, "<!DOCTYPE html>")?;
    writeln!(w, "<html lang=\"{html_lang}\">")?;
    writeln!(
        w,
        "<head><meta charset=\"utf-8\"><title>{title}</title><style>{STYLE}</style></head>"
    )?;
    writeln!(w, "<body>")?;
    writeln!(w, "<h1>{title}</h1>")?;
    writeln!(
        w,
        "<p class=\"meta\">{}: {} · {}: {} · {}: {} · {}: {}</p>",
        escape(msg::MEETING_ID.get(lang)),
        escape(&m.id),
        escape(msg::MEETING_SCENARIO.get(lang)),
        escape(&s.id),
        escape(msg::MEETING_SEED.get(lang)),
        m.seed,
        escape(msg::MEETING_PASS_MARK.get(lang)),
        s.pass_score
    )?;

    writeln!(w, "<h2>{}</h2>", escape(msg::MEETING_LEADERBOARD.get(lang)))?;
    writeln!(w, "<table id=\"leaderboard\">")?;
    header_row(
        w,
        lang,
        &[
            &msg::MEETING_COL_RANK,
            &msg::MEETING_COL_TRAINEE,
            &msg::MEETING_COL_SCORE,
            &msg::MEETING_COL_BANNED,
            &msg::MEETING_COL_RESULT,
        ],
    )?;
    writeln!(w, "<tbody>")?;
    for st in m.leaderboard() {
        let e = &m.entries[st.entry];
        let class = if e.summary.passed { "pass" } else { "fail" };
        writeln!(
            w,
            "<tr><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"{class}\">{}</td></tr>",
            st.rank,
            escape(&e.trainee),
            e.summary.score,
            e.banned_hits(),
            escape(result(lang, e.summary.passed))
        )?;
    }
    writeln!(w, "</tbody></table>")?;
    writeln!(w, "<p>{}</p>", escape(&passed_line(lang, m)))?;

    writeln!(w, "<h2>{}</h2>", escape(msg::MEETING_CHART.get(lang)))?;
    chart(w, lang, m)?;

    writeln!(w, "<h2>{}</h2>", escape(msg::MEETING_BY_STEP.get(lang)))?;
    writeln!(w, "<table id=\"steps\">")?;
    header_row(
        w,
        lang,
        &[
            &msg::MEETING_COL_STEP,
            &msg::MEETING_COL_CUSTOMER,
            &msg::MEETING_COL_TRAINEE,
            &msg::MEETING_COL_ANSWER,
            &msg::MEETING_COL_SCORE,
            &msg::MEETING_COL_VERDICT,
        ],
    )?;
    writeln!(w, "<tbody>")?;
    for step in m.steps() {
        let id = escape(&s.steps[step.step].id);
        for (i, (e, t)) in step.answers.iter().enumerate() {
            let best = step.best == Some(i);
            let verdict = if t.verdict.passed {
                msg::MEETING_STEP_OK.get(lang).to_owned()
            } else {
                reasons(lang, &t.verdict)
            };
            let (row_class, star) = if best {
                (
                    " class=\"best\"",
                    format!(" ★ {}", escape(msg::MEETING_BEST.get(lang))),
                )
            } else {
                ("", String::new())
            };
            writeln!(
                w,
                "<tr{row_class}><td>{id}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}{star}</td></tr>",
                escape(&t.customer),
                escape(&e.trainee),
                escape(&t.answer),
                t.verdict.score,
                escape(&verdict)
            )?;
        }
    }
    writeln!(w, "</tbody></table>")?;
    writeln!(w, "</body>")?;
    writeln!(w, "</html>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_text_and_attributes() {
        let case = |input: &str, expected: &str| assert_eq!(escape(input), expected, "{input}");
        case(
            "<script>alert('x')</script>",
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;",
        );
        case("\"a\" & b", "&quot;a&quot; &amp; b");
        case("您好,李先生", "您好,李先生");
        case("&amp;", "&amp;amp;");
    }

    #[test]
    fn the_page_needs_nothing_from_the_network() {
        let s = super::super::fixture::scenario();
        let m = super::super::fixture::meeting(&s, &[("甲", ["您好", "谢谢"])]);
        let mut out = Vec::new();
        write(&mut out, Lang::En, &m).unwrap_or_default();
        let page = String::from_utf8_lossy(&out);
        for needle in ["<script", "<link", "src=", "@import", "url("] {
            assert!(!page.contains(needle), "{needle} in the page");
        }
        // The only URL is the SVG namespace, which is a name, not a fetch.
        assert_eq!(page.matches("http").count(), 1);
    }
}
