//! `rehearse progress --report PATH`: a trainee's progress as Markdown, a CSV of
//! every run for Excel, or one self-contained HTML page with a score-over-time chart
//! drawn in inline SVG (no script, nothing fetched).

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::i18n::{Lang, msg};
use crate::progress::{HistoryEntry, Progress};

use super::file::{Format, STYLE, csv_cell, csv_error, escape_html, md_cell};
use super::progress::{skill_header, skill_rows};

pub fn write(
    w: &mut dyn Write,
    lang: Lang,
    format: Format,
    p: &Progress,
    runs: &[HistoryEntry],
) -> io::Result<()> {
    match format {
        Format::Markdown => markdown(w, lang, p, runs),
        Format::Csv => csv(w, lang, runs),
        Format::Html => html(w, lang, p, runs),
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

fn run_header(lang: Lang) -> [&'static str; 6] {
    [
        msg::REPORT_RUN_TIME.get(lang),
        msg::LIST_ID.get(lang),
        msg::LIST_TITLE.get(lang),
        msg::HISTORY_SCORE.get(lang),
        msg::REPORT_RUN_RESULT.get(lang),
        msg::REPORT_RUN_SEED.get(lang),
    ]
}

/// `2026-11-23T18:44:23Z` as `2026-11-23 18:44`: what a person (and Excel) reads as
/// a time. The column header says it is UTC. Anything else is shown as stored.
fn readable_time(rfc3339: &str) -> String {
    match (rfc3339.get(..10), rfc3339.get(10..11), rfc3339.get(11..16)) {
        (Some(date), Some("T"), Some(time)) => format!("{date} {time}"),
        _ => rfc3339.to_owned(),
    }
}

fn run_row(lang: Lang, r: &HistoryEntry) -> [String; 6] {
    [
        readable_time(&r.run.run.finished_at),
        r.run.run.scenario_id.clone(),
        r.title.clone().unwrap_or_default(),
        r.run.run.score.to_string(),
        result(lang, r).to_owned(),
        r.run.run.seed.to_string(),
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

fn markdown(w: &mut dyn Write, lang: Lang, p: &Progress, runs: &[HistoryEntry]) -> io::Result<()> {
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
        writeln!(w, "{}", md_row(&run_row(lang, r)))?;
    }
    Ok(())
}

/// One row per run, oldest first; a byte-order mark so Excel reads the Chinese.
fn csv(w: &mut dyn Write, lang: Lang, runs: &[HistoryEntry]) -> io::Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(run_header(lang)).map_err(csv_error)?;
    for r in runs {
        let row = run_row(lang, r).map(|c| csv_cell(&c));
        out.write_record(&row).map_err(csv_error)?;
    }
    out.flush()
}

/// Chart geometry, in SVG user units.
const CHART_W: usize = 640;
const CHART_H: usize = 200;
const MARGIN: usize = 30;

/// Every run's score, oldest first, as points on a line; passed runs in green.
fn chart(lang: Lang, runs: &[HistoryEntry]) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{label}\">",
        w = CHART_W + 2 * MARGIN,
        h = CHART_H + 2 * MARGIN,
        label = escape_html(msg::REPORT_CHART.get(lang))
    );
    let y = |score: u8| MARGIN + CHART_H - usize::from(score) * CHART_H / 100;
    for mark in [0u8, 50, 100] {
        let _ = write!(
            svg,
            "<line x1=\"{MARGIN}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/><text x=\"4\" y=\"{}\" font-size=\"10\">{mark}</text>",
            MARGIN + CHART_W,
            y(mark) + 3,
            y = y(mark)
        );
    }
    let n = runs.len().max(2) - 1;
    let x = |i: usize| MARGIN + i * CHART_W / n;
    let points: Vec<String> = runs
        .iter()
        .enumerate()
        .map(|(i, r)| format!("{},{}", x(i), y(r.run.run.score)))
        .collect();
    let _ = write!(
        svg,
        "<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"{}\"/>",
        points.join(" ")
    );
    for (i, r) in runs.iter().enumerate() {
        let colour = if r.run.run.passed {
            "#1a7f37"
        } else {
            "#c62828"
        };
        let _ = write!(
            svg,
            "<circle class=\"run\" cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{colour}\"><title>{} {} {}</title></circle>",
            x(i),
            y(r.run.run.score),
            escape_html(&r.run.run.finished_at),
            escape_html(&r.run.run.scenario_id),
            r.run.run.score
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

fn html(w: &mut dyn Write, lang: Lang, p: &Progress, runs: &[HistoryEntry]) -> io::Result<()> {
    let title = msg::PROGRESS_HEADER.fill(lang, &[&p.trainee, &p.attempts]);
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\"><title>{t}</title><style>{STYLE}</style></head><body>\n<h1>{t}</h1>\n<p>{}</p>",
        escape_html(&next_line(lang, p)),
        t = escape_html(&title)
    )?;
    writeln!(
        w,
        "<h2>{}</h2>\n{}",
        escape_html(msg::REPORT_CHART.get(lang)),
        chart(lang, runs)
    )?;
    let skills: Vec<Vec<String>> = skill_rows(p, lang).into_iter().map(Vec::from).collect();
    html_table(w, "skills", &skill_header(lang), &skills)?;
    writeln!(w, "<h2>{}</h2>", escape_html(msg::REPORT_RUNS.get(lang)))?;
    let rows: Vec<Vec<String>> = runs.iter().map(|r| Vec::from(run_row(lang, r))).collect();
    html_table(w, "runs", &run_header(lang), &rows)?;
    writeln!(w, "</body></html>")
}
