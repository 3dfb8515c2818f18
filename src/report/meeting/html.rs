//! The meeting as one self-contained HTML page: the facts of the meeting, the
//! leaderboard, a bar chart of the scores with labelled axes drawn in inline SVG, the
//! most-missed items, every answer step by step, and a projector view in large type
//! (the `#projector` anchor; plain CSS, no script). No external style sheet, font or
//! image, so it opens offline from an e-mail or a shared drive. Everything that comes
//! from people (names, answers, scenario text) goes through [`escape`].

use std::io::{self, Write};

use jiff::tz::TimeZone;

use crate::i18n::{Lang, msg};
use crate::meeting::Meeting;

use super::{
    MOST_MISSED, best_mark, facts, missed_text, passed_line, result, score_text, step_name,
    total_text, verdict_text,
};
use crate::report::file::{STYLE, escape_html as escape};

/// What the meeting page adds to the shared style: names never wrap, the projector
/// view shows alone and large when its anchor is the target.
const MEETING_STYLE: &str = ".name,th,td.num{white-space:nowrap}td.answer{min-width:16em}\
td.step{min-width:8em}svg{max-width:100%;height:auto}\
#projector{display:none;font-size:2em;line-height:1.4}#projector:target{display:block}\
body:has(#projector:target)>:not(#projector){display:none}\
#projector table{font-size:1em}#projector .best-answer{margin:.2em 0 .8em}\
a.view{font-size:.9em}";

/// Bar chart geometry, in SVG user units.
const BAR_SCALE: u32 = 4;
const ROW_HEIGHT: u32 = 30;
const TOP: u32 = 24;
const AXIS_SPACE: u32 = 44;
/// Names longer than this many characters are shortened in the chart (in full in
/// the tooltip and the table).
const CHART_NAME_CHARS: usize = 10;

/// The chart's label for a name: whole if short, else its start and an ellipsis.
fn chart_name(name: &str) -> String {
    if name.chars().count() <= CHART_NAME_CHARS {
        name.to_owned()
    } else {
        let mut short: String = name.chars().take(CHART_NAME_CHARS - 1).collect();
        short.push('…');
        short
    }
}

/// Width in SVG units of a label at 14px: wide characters count double.
fn label_width(text: &str) -> u32 {
    text.chars()
        .map(|c| if c.is_ascii() { 8 } else { 15 })
        .sum()
}

fn chart(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
    let board = m.leaderboard();
    let names: Vec<String> = board
        .iter()
        .map(|st| chart_name(m.entries[st.entry].trainee()))
        .collect();
    let label = names
        .iter()
        .map(|n| label_width(n))
        .max()
        .unwrap_or(0)
        .max(40)
        + 16;
    let width = label + 100 * BAR_SCALE + 50;
    let axis_y = TOP + ROW_HEIGHT * board.len() as u32;
    let height = axis_y + AXIS_SPACE;
    writeln!(
        w,
        "<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-size=\"14\" role=\"img\" aria-label=\"{}\">",
        escape(msg::MEETING_CHART.get(lang))
    )?;
    // The axes: trainees down the left, the score from 0 to 100 along the bottom.
    writeln!(
        w,
        "<text x=\"{}\" y=\"14\" text-anchor=\"end\" font-weight=\"bold\">{}</text>",
        label - 8,
        escape(msg::MEETING_COL_TRAINEE.get(lang))
    )?;
    writeln!(
        w,
        "<line x1=\"{label}\" y1=\"{TOP}\" x2=\"{label}\" y2=\"{axis_y}\" stroke=\"#333\"/><line x1=\"{label}\" y1=\"{axis_y}\" x2=\"{}\" y2=\"{axis_y}\" stroke=\"#333\"/>",
        label + 100 * BAR_SCALE
    )?;
    for tick in (0..=100).step_by(20) {
        let x = label + tick * BAR_SCALE;
        writeln!(
            w,
            "<line x1=\"{x}\" y1=\"{axis_y}\" x2=\"{x}\" y2=\"{}\" stroke=\"#333\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{tick}</text>",
            axis_y + 5,
            axis_y + 19
        )?;
    }
    writeln!(
        w,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
        label + 50 * BAR_SCALE,
        axis_y + 38,
        escape(msg::MEETING_AXIS_SCORE.get(lang))
    )?;
    for (row, (st, name)) in board.iter().zip(&names).enumerate() {
        let e = &m.entries[st.entry];
        let y = TOP + ROW_HEIGHT * row as u32 + 5;
        let bar = u32::from(e.score()) * BAR_SCALE;
        let fill = if e.passed() { "#4caf50" } else { "#e57373" };
        writeln!(
            w,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            label - 8,
            y + 15,
            escape(name)
        )?;
        writeln!(
            w,
            "<rect class=\"bar\" x=\"{label}\" y=\"{y}\" width=\"{bar}\" height=\"{}\" fill=\"{fill}\"><title>{}: {}</title></rect>",
            ROW_HEIGHT - 10,
            escape(e.trainee()),
            e.score()
        )?;
        writeln!(
            w,
            "<text x=\"{}\" y=\"{}\">{}</text>",
            label + bar + 6,
            y + 15,
            e.score()
        )?;
    }
    let mark = label + u32::from(m.scenario.pass_score) * BAR_SCALE;
    writeln!(
        w,
        "<line x1=\"{mark}\" y1=\"{}\" x2=\"{mark}\" y2=\"{axis_y}\" stroke=\"#555\" stroke-dasharray=\"4 3\"/><text x=\"{mark}\" y=\"{}\" text-anchor=\"middle\" fill=\"#555\">{} {}</text>",
        TOP - 4,
        TOP - 8,
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

fn head(w: &mut dyn Write, lang: Lang, title: &str) -> io::Result<()> {
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    writeln!(w, "<!DOCTYPE html>\n<html lang=\"{html_lang}\">")?;
    writeln!(
        w,
        "<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title><style>{STYLE}{MEETING_STYLE}</style></head>"
    )?;
    writeln!(w, "<body>\n<h1>{title}</h1>")
}

fn meta(w: &mut dyn Write, lang: Lang, m: &Meeting, tz: &TimeZone) -> io::Result<()> {
    let facts: Vec<String> = facts(lang, m, tz)
        .iter()
        .map(|(label, value)| format!("{}: {}", escape(label), escape(value)))
        .collect();
    writeln!(
        w,
        "<p class=\"meta\">{} · <a class=\"view\" href=\"#projector\">{}</a></p>",
        facts.join(" · "),
        escape(msg::MEETING_PROJECTOR.get(lang))
    )
}

fn leaderboard(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
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
        let class = if e.passed() { "pass" } else { "fail" };
        writeln!(
            w,
            "<tr><td class=\"num\">{}</td><td class=\"name\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"{class}\">{}</td></tr>",
            st.rank,
            escape(e.trainee()),
            escape(&total_text(lang, e)),
            e.banned_hits(),
            escape(result(lang, e.passed()))
        )?;
    }
    writeln!(w, "</tbody></table>")?;
    writeln!(w, "<p>{}</p>", escape(&passed_line(lang, m)))
}

fn most_missed(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
    writeln!(w, "<h2>{}</h2>", escape(msg::MEETING_MOST_MISSED.get(lang)))?;
    let missed = m.most_missed(MOST_MISSED);
    if missed.is_empty() {
        return writeln!(w, "<p>{}</p>", escape(msg::MEETING_NONE_MISSED.get(lang)));
    }
    writeln!(w, "<ol id=\"missed\">")?;
    for x in &missed {
        writeln!(w, "<li>{}</li>", escape(&missed_text(lang, x)))?;
    }
    writeln!(w, "</ol>")
}

fn by_step(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
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
        let name = escape(&step_name(m.scenario, step.step));
        for (i, a) in step.answers.iter().enumerate() {
            let (row_class, star) = if step.best == Some(i) {
                (
                    " class=\"best\"",
                    format!(" ★ {}", escape(best_mark(lang, step.picked))),
                )
            } else {
                ("", String::new())
            };
            writeln!(
                w,
                "<tr{row_class}><td class=\"step\">{name}</td><td>{}</td><td class=\"name\">{}</td><td class=\"answer\">{}</td><td class=\"num\">{}</td><td>{}{star}</td></tr>",
                escape(&a.step.customer),
                escape(a.entry.trainee()),
                escape(&a.step.counted.answer),
                escape(&score_text(lang, a.step)),
                escape(&verdict_text(lang, a.step))
            )?;
        }
    }
    writeln!(w, "</tbody></table>")
}

/// The leaderboard and each step's best answer, large enough for the back row.
fn projector(w: &mut dyn Write, lang: Lang, m: &Meeting, title: &str) -> io::Result<()> {
    writeln!(w, "<section id=\"projector\">\n<h1>{title}</h1>")?;
    writeln!(w, "<table>")?;
    for st in m.leaderboard() {
        let e = &m.entries[st.entry];
        writeln!(
            w,
            "<tr><td class=\"num\">{}</td><td class=\"name\">{}</td><td class=\"num\">{}</td></tr>",
            st.rank,
            escape(e.trainee()),
            e.score()
        )?;
    }
    writeln!(w, "</table>")?;
    writeln!(
        w,
        "<h2>{}</h2>",
        escape(msg::MEETING_BEST_ANSWERS.get(lang))
    )?;
    for step in m.steps() {
        let Some(best) = step.best.map(|b| step.answers[b]) else {
            continue;
        };
        writeln!(
            w,
            "<p class=\"best-answer\"><b>{}</b><br>“{}” — <span class=\"name\">{}</span></p>",
            escape(&step_name(m.scenario, step.step)),
            escape(&best.step.counted.answer),
            escape(best.entry.trainee())
        )?;
    }
    writeln!(
        w,
        "<p><a class=\"view\" href=\"#\">{}</a></p>\n</section>",
        escape(msg::MEETING_BACK.get(lang))
    )
}

pub fn write(w: &mut dyn Write, lang: Lang, m: &Meeting, tz: &TimeZone) -> io::Result<()> {
    let title = escape(&msg::MEETING_MINUTES.fill(lang, &[&m.scenario.title]));
    head(w, lang, &title)?;
    meta(w, lang, m, tz)?;
    leaderboard(w, lang, m)?;
    writeln!(w, "<h2>{}</h2>", escape(msg::MEETING_CHART.get(lang)))?;
    chart(w, lang, m)?;
    most_missed(w, lang, m)?;
    by_step(w, lang, m)?;
    writeln!(
        w,
        "<p class=\"meta\">{}</p>",
        escape(&msg::MEETING_FOOTER.fill(lang, &[&m.id]))
    )?;
    projector(w, lang, m, &title)?;
    writeln!(w, "</body>\n</html>")
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
        write(&mut out, Lang::En, &m, &TimeZone::UTC).unwrap_or_default();
        let page = String::from_utf8_lossy(&out);
        for needle in ["<script", "<link", "src=", "@import", "url("] {
            assert!(!page.contains(needle), "{needle} in the page");
        }
        // The only URL is the SVG namespace, which is a name, not a fetch.
        assert_eq!(page.matches("http").count(), 1);
    }
}
