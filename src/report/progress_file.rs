//! `rehearse progress --report PATH`: a trainee's progress as Markdown, a CSV of
//! every run for Excel, or one self-contained HTML page with a score-over-time chart
//! drawn in inline SVG (no script, nothing fetched).

use std::fmt::Write as _;
use std::io::{self, Write};

use jiff::tz::TimeZone;

use crate::i18n::{Lang, msg};
use crate::progress::{HistoryEntry, Progress};
use crate::scenario::model::{Skill, Summary};

use super::file::{
    Format, STYLE, csv_cell, csv_error, escape_html, local_date, local_time, md_cell,
};
use super::progress::{skill_header, skill_rows};

/// What the report shows besides the progress: the library (for each run's skill)
/// and the time zone its times are shown in.
pub struct Context<'a> {
    pub scenarios: &'a [Summary],
    pub tz: &'a TimeZone,
}

pub fn write(
    w: &mut dyn Write,
    lang: Lang,
    format: Format,
    p: &Progress,
    runs: &[HistoryEntry],
    scenarios: &[Summary],
    tz: &TimeZone,
) -> io::Result<()> {
    let cx = Context { scenarios, tz };
    match format {
        Format::Markdown => markdown(w, lang, p, runs, &cx),
        Format::Csv => csv(w, lang, runs, &cx),
        Format::Html => html(w, lang, p, runs, &cx),
    }
}

fn result(lang: Lang, r: &HistoryEntry) -> &'static str {
    if r.run.run.passed {
        msg::HISTORY_PASSED.get(lang)
    } else if r.run.run.walked_out {
        msg::HISTORY_WALKED_OUT.get(lang)
    } else {
        msg::HISTORY_FAILED.get(lang)
    }
}

/// The mark after a run's score when an answer that counted was given after seeing
/// the model answer, and when one was given after the hint (and not the model
/// answer); explained under the table.
const MODEL_MARK: &str = "※";
const HINT_MARK: &str = "△";

/// The titles of a run's steps whose counted answer came after the model answer
/// (`model`), or after the hint alone.
fn helped_steps(r: &HistoryEntry, model: bool) -> Vec<&str> {
    r.run
        .run
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            if model {
                s.counted.saw_model
            } else {
                s.counted.saw_hint && !s.counted.saw_model
            }
        })
        .map(|(n, s)| {
            r.step_titles
                .get(n)
                .map_or(s.step_id.as_str(), String::as_str)
        })
        .collect()
}

/// A run's score with its marks: `80 ※`.
fn marked_score(r: &HistoryEntry) -> String {
    let mut out = r.run.run.score.to_string();
    let marks: String = [(true, MODEL_MARK), (false, HINT_MARK)]
        .into_iter()
        .filter(|(model, _)| !helped_steps(r, *model).is_empty())
        .map(|(_, mark)| mark)
        .collect();
    if !marks.is_empty() {
        out.push(' ');
        out.push_str(&marks);
    }
    out
}

/// What each mark used in `runs` means, one line each; none when none is used.
fn legend(lang: Lang, runs: &[HistoryEntry]) -> Vec<String> {
    [
        (true, MODEL_MARK, msg::REPORT_HELP_MODEL),
        (false, HINT_MARK, msg::REPORT_HELP_HINT),
    ]
    .into_iter()
    .filter(|(model, _, _)| runs.iter().any(|r| !helped_steps(r, *model).is_empty()))
    .map(|(_, mark, text)| format!("{mark} {}", text.get(lang)))
    .collect()
}

/// The columns a person reads: no ids, no seed.
fn run_header(lang: Lang) -> [&'static str; 4] {
    [
        msg::REPORT_RUN_TIME.get(lang),
        msg::LIST_TITLE.get(lang),
        msg::HISTORY_SCORE.get(lang),
        msg::REPORT_RUN_RESULT.get(lang),
    ]
}

fn run_row(lang: Lang, r: &HistoryEntry, tz: &TimeZone) -> [String; 4] {
    let run = &r.run.run;
    [
        local_time(&run.finished_at, tz),
        r.title.clone().unwrap_or_else(|| run.scenario_id.clone()),
        marked_score(r),
        result(lang, r).to_owned(),
    ]
}

/// The CSV keeps the scenario id and seed, for whoever analyses the runs, and names
/// the steps answered after the model answer or the hint (titles, `; ` between).
fn csv_header(lang: Lang) -> [&'static str; 8] {
    [
        msg::REPORT_RUN_TIME.get(lang),
        msg::LIST_ID.get(lang),
        msg::LIST_TITLE.get(lang),
        msg::HISTORY_SCORE.get(lang),
        msg::REPORT_RUN_RESULT.get(lang),
        msg::REPORT_CSV_MODEL_STEPS.get(lang),
        msg::REPORT_CSV_HINT_STEPS.get(lang),
        msg::REPORT_RUN_SEED.get(lang),
    ]
}

fn csv_row(lang: Lang, r: &HistoryEntry, tz: &TimeZone) -> [String; 8] {
    let run = &r.run.run;
    [
        local_time(&run.finished_at, tz),
        run.scenario_id.clone(),
        r.title.clone().unwrap_or_default(),
        run.score.to_string(),
        result(lang, r).to_owned(),
        helped_steps(r, true).join("; "),
        helped_steps(r, false).join("; "),
        run.seed.to_string(),
    ]
}

/// The next step and its reason, as one line.
fn next_line(lang: Lang, p: &Progress) -> String {
    match &p.recommendation {
        Some(r) => format!(
            "{} {}",
            msg::PROGRESS_NEXT.fill(
                lang,
                &[
                    &r.scenario_id,
                    &r.title,
                    &r.skill.display(lang),
                    &r.difficulty
                ]
            ),
            msg::PROGRESS_REASON.fill(lang, &[&r.reason])
        ),
        None => msg::PROGRESS_NONE_AVAILABLE.get(lang).to_owned(),
    }
}

fn md_row(cells: &[impl AsRef<str>]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| md_cell(c.as_ref())).collect();
    format!("| {} |", cells.join(" | "))
}

fn markdown(
    w: &mut dyn Write,
    lang: Lang,
    p: &Progress,
    runs: &[HistoryEntry],
    cx: &Context,
) -> io::Result<()> {
    writeln!(
        w,
        "# {}\n",
        md_cell(&msg::PROGRESS_HEADER.fill(lang, &[&p.trainee, &p.attempts]))
    )?;
    writeln!(w, "{}\n", md_cell(&next_line(lang, p)))?;
    let header = skill_header(lang);
    writeln!(w, "{}", md_row(&header))?;
    writeln!(w, "|{}", "---|".repeat(header.len()))?;
    for row in skill_rows(p, lang) {
        writeln!(w, "{}", md_row(&row))?;
    }
    writeln!(w, "\n## {}\n", msg::REPORT_RUNS.get(lang))?;
    let header = run_header(lang);
    writeln!(w, "{}", md_row(&header))?;
    writeln!(w, "|{}", "---|".repeat(header.len()))?;
    for r in runs {
        writeln!(w, "{}", md_row(&run_row(lang, r, cx.tz)))?;
    }
    let legend = legend(lang, runs);
    if !legend.is_empty() {
        // One paragraph, a hard line break between the marks.
        let lines: Vec<String> = legend.iter().map(|l| md_cell(l)).collect();
        writeln!(w, "\n{}", lines.join("  \n"))?;
    }
    Ok(())
}

/// One row per run, oldest first; a byte-order mark so Excel reads the Chinese.
fn csv(w: &mut dyn Write, lang: Lang, runs: &[HistoryEntry], cx: &Context) -> io::Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(csv_header(lang)).map_err(csv_error)?;
    for r in runs {
        let row = csv_row(lang, r, cx.tz).map(|c| csv_cell(&c));
        out.write_record(&row).map_err(csv_error)?;
    }
    out.flush()
}

/// Chart geometry, in SVG user units: the plot area and the space around it for
/// the axes' ticks and titles and, on the right, the legend.
const PLOT_W: i64 = 560;
const PLOT_H: i64 = 220;
const LEFT: i64 = 56;
const TOP: i64 = 16;
const BOTTOM: i64 = 56;
const LEGEND_W: i64 = 200;
const COLOURS: [&str; 8] = [
    "#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989", "#0969da", "#57606a",
];

/// The skill of each run's scenario, in the library's order of skills.
fn by_skill<'r>(runs: &'r [HistoryEntry], cx: &Context) -> Vec<(Skill, Vec<&'r HistoryEntry>)> {
    let skill_of = |id: &str| cx.scenarios.iter().find(|s| s.id == id).map(|s| s.skill);
    Skill::ALL
        .into_iter()
        .map(|k| {
            let runs: Vec<&HistoryEntry> = runs
                .iter()
                .filter(|r| skill_of(&r.run.run.scenario_id) == Some(k))
                .collect();
            (k, runs)
        })
        .filter(|(_, runs)| !runs.is_empty())
        .collect()
}

fn seconds(r: &HistoryEntry) -> i64 {
    r.run
        .run
        .finished_at
        .parse::<jiff::Timestamp>()
        .map_or(0, |t| t.as_second())
}

/// The axes: scores 0–100 up the left with grid lines, dates along the bottom.
fn axes(svg: &mut String, lang: Lang, span: (i64, i64), cx: &Context) {
    let y = |score: i64| TOP + PLOT_H - score * PLOT_H / 100;
    for mark in (0..=100).step_by(20) {
        let _ = write!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\">{mark}</text>",
            LEFT + PLOT_W,
            LEFT - 6,
            y(mark) + 4,
            y = y(mark)
        );
    }
    let bottom = TOP + PLOT_H;
    let _ = write!(
        svg,
        "<line x1=\"{LEFT}\" y1=\"{TOP}\" x2=\"{LEFT}\" y2=\"{bottom}\" stroke=\"#333\"/><line x1=\"{LEFT}\" y1=\"{bottom}\" x2=\"{}\" y2=\"{bottom}\" stroke=\"#333\"/>",
        LEFT + PLOT_W
    );
    let _ = write!(
        svg,
        "<text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
        TOP + PLOT_H / 2,
        escape_html(msg::REPORT_AXIS_SCORE.get(lang))
    );
    // Up to five dates, evenly spaced between the first run and the last.
    let (first, last) = span;
    let ticks: i64 = if last > first { 4 } else { 0 };
    let mut shown: Vec<String> = Vec::new();
    for i in 0..=ticks {
        let at = first + (last - first) * i / ticks.max(1);
        let date = jiff::Timestamp::from_second(at)
            .map(|t| local_date(&t.to_string(), cx.tz))
            .unwrap_or_default();
        if shown.contains(&date) {
            continue;
        }
        let x = x_of(at, span);
        let _ = write!(
            svg,
            "<line x1=\"{x}\" y1=\"{bottom}\" x2=\"{x}\" y2=\"{}\" stroke=\"#333\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{date}</text>",
            bottom + 5,
            bottom + 20
        );
        shown.push(date);
    }
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-weight=\"bold\">{}</text>",
        LEFT + PLOT_W / 2,
        bottom + 44,
        escape_html(msg::REPORT_AXIS_DATE.get(lang))
    );
}

/// Where a moment falls on the date axis; a single moment sits in the middle.
fn x_of(at: i64, (first, last): (i64, i64)) -> i64 {
    if last <= first {
        return LEFT + PLOT_W / 2;
    }
    LEFT + (at - first) * PLOT_W / (last - first)
}

/// Every run's score over time, one line per skill, with a legend.
fn chart(lang: Lang, runs: &[HistoryEntry], cx: &Context) -> String {
    let mut svg = String::new();
    let (w, h) = (LEFT + PLOT_W + LEGEND_W, TOP + PLOT_H + BOTTOM);
    let _ = write!(
        svg,
        "<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-size=\"13\" role=\"img\" aria-label=\"{}\">",
        escape_html(msg::REPORT_CHART.get(lang))
    );
    let times: Vec<i64> = runs.iter().map(seconds).collect();
    let span = (
        times.iter().copied().min().unwrap_or(0),
        times.iter().copied().max().unwrap_or(0),
    );
    axes(&mut svg, lang, span, cx);
    let y = |score: u8| TOP + PLOT_H - i64::from(score) * PLOT_H / 100;
    for (n, (skill, runs)) in by_skill(runs, cx).iter().enumerate() {
        let colour = COLOURS[n % COLOURS.len()];
        let points: Vec<String> = runs
            .iter()
            .map(|r| format!("{},{}", x_of(seconds(r), span), y(r.run.run.score)))
            .collect();
        let _ = write!(
            svg,
            "<polyline class=\"skill\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        );
        for r in runs {
            let _ = write!(
                svg,
                "<circle class=\"run\" cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{colour}\"><title>{} {} {}</title></circle>",
                x_of(seconds(r), span),
                y(r.run.run.score),
                escape_html(&local_time(&r.run.run.finished_at, cx.tz)),
                escape_html(r.title.as_deref().unwrap_or(&r.run.run.scenario_id)),
                r.run.run.score
            );
        }
        let ly = TOP + 10 + 22 * n as i64;
        let lx = LEFT + PLOT_W + 16;
        let _ = write!(
            svg,
            "<line x1=\"{lx}\" y1=\"{ly}\" x2=\"{}\" y2=\"{ly}\" stroke=\"{colour}\" stroke-width=\"3\"/><text x=\"{}\" y=\"{}\">{}</text>",
            lx + 20,
            lx + 26,
            ly + 4,
            escape_html(skill.display(lang))
        );
    }
    svg.push_str("</svg>");
    svg
}

fn html_table(
    w: &mut dyn Write,
    class: &str,
    header: &[&str],
    rows: &[Vec<String>],
) -> io::Result<()> {
    write!(w, "<table class=\"{class}\"><thead><tr>")?;
    for h in header {
        write!(w, "<th>{}</th>", escape_html(h))?;
    }
    write!(w, "</tr></thead><tbody>")?;
    for row in rows {
        write!(w, "<tr>")?;
        for c in row {
            write!(w, "<td>{}</td>", escape_html(c))?;
        }
        write!(w, "</tr>")?;
    }
    writeln!(w, "</tbody></table>")
}

fn html(
    w: &mut dyn Write,
    lang: Lang,
    p: &Progress,
    runs: &[HistoryEntry],
    cx: &Context,
) -> io::Result<()> {
    let title = msg::PROGRESS_HEADER.fill(lang, &[&p.trainee, &p.attempts]);
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\"><title>{t}</title><style>{STYLE}td:first-child,th,table.runs td:nth-child(3){{white-space:nowrap}}p.legend{{margin:.2em 0}}</style></head><body>\n<h1>{t}</h1>\n<p>{}</p>",
        escape_html(&next_line(lang, p)),
        t = escape_html(&title)
    )?;
    writeln!(
        w,
        "<h2>{}</h2>\n{}",
        escape_html(msg::REPORT_CHART.get(lang)),
        chart(lang, runs, cx)
    )?;
    let skills: Vec<Vec<String>> = skill_rows(p, lang).into_iter().map(Vec::from).collect();
    html_table(w, "skills", &skill_header(lang), &skills)?;
    writeln!(w, "<h2>{}</h2>", escape_html(msg::REPORT_RUNS.get(lang)))?;
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|r| Vec::from(run_row(lang, r, cx.tz)))
        .collect();
    html_table(w, "runs", &run_header(lang), &rows)?;
    for line in legend(lang, runs) {
        writeln!(w, "<p class=\"legend meta\">{}</p>", escape_html(&line))?;
    }
    writeln!(w, "</body></html>")
}
