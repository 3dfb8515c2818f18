//! `rehearse hub report`: the bank-wide report as text tables, and as the same
//! `.md`, `.csv` (UTF-8 with a byte-order mark, for Excel) and self-contained
//! `.html` files as the other reports, the page with bar charts of pass rates by
//! branch and by skill in inline SVG (no script, nothing fetched).

use std::fmt::Write as _;
use std::io::{self, Write};

use super::report::{Count, Group, HubReport};
use crate::i18n::{Lang, msg};

use crate::report::file::{Format, STYLE, csv_cell, csv_error, escape_html, md_cell};
use crate::report::progress::{or_dash, table, write_table};

/// One section of the report: a title, a header and rows of text.
struct Section {
    title: String,
    header: Vec<&'static str>,
    /// Columns holding numbers (right-aligned in text and HTML).
    numbers: Vec<usize>,
    rows: Vec<Vec<String>>,
}

fn rate(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
}

fn group_rows(groups: &[Group], with_name: bool) -> Vec<Vec<String>> {
    groups
        .iter()
        .map(|g| {
            let mut row = vec![g.key.clone()];
            if with_name {
                row.push(g.name.clone().unwrap_or_default());
            }
            row.extend([
                g.runs.to_string(),
                format!("{:.1}", g.pass_rate),
                format!("{:.1}", g.average_score),
                g.trainees.to_string(),
                rate(g.recent_pass_rate),
                rate(g.earlier_pass_rate),
            ]);
            row
        })
        .collect()
}

fn group_header(lang: Lang, first: &'static str, with_name: bool) -> Vec<&'static str> {
    let mut h = vec![first];
    if with_name {
        h.push(msg::HUB_COL_NAME.get(lang));
    }
    h.extend([
        msg::HUB_COL_RUNS.get(lang),
        msg::HUB_COL_PASS_RATE.get(lang),
        msg::HUB_COL_AVERAGE.get(lang),
        msg::HUB_COL_TRAINEES.get(lang),
        msg::HUB_COL_RECENT.get(lang),
        msg::HUB_COL_EARLIER.get(lang),
    ]);
    h
}

fn sections(lang: Lang, r: &HubReport) -> Vec<Section> {
    let offset = |with_name: bool| usize::from(with_name);
    let numbers = |o: usize| (1 + o..7 + o).collect::<Vec<_>>();
    let counts = |title: String, list: &[Count]| Section {
        title,
        header: vec![msg::HUB_COL_ITEM.get(lang), msg::HUB_COL_COUNT.get(lang)],
        numbers: vec![1],
        rows: list
            .iter()
            .map(|c| vec![c.item.clone(), c.count.to_string()])
            .collect(),
    };
    vec![
        Section {
            title: msg::HUB_BY_BRANCH.get(lang).to_owned(),
            header: group_header(lang, msg::HUB_COL_BRANCH.get(lang), true),
            numbers: numbers(offset(true)),
            rows: group_rows(&r.by_branch, true),
        },
        Section {
            title: msg::HUB_BY_SKILL.get(lang).to_owned(),
            header: group_header(lang, msg::HUB_COL_SKILL.get(lang), false),
            numbers: numbers(offset(false)),
            rows: group_rows(&r.by_skill, false),
        },
        counts(msg::HUB_MOST_MISSED.get(lang).to_owned(), &r.most_missed),
        counts(msg::HUB_MOST_BANNED.get(lang).to_owned(), &r.most_banned),
        Section {
            title: msg::HUB_IDLE.fill(lang, &[&r.idle_weeks]),
            header: vec![
                msg::HUB_COL_BRANCH.get(lang),
                msg::HUB_COL_TRAINEE.get(lang),
                msg::HUB_COL_NAME.get(lang),
                msg::HUB_COL_LAST_RUN.get(lang),
            ],
            numbers: vec![],
            rows: r
                .idle
                .iter()
                .map(|i| {
                    vec![
                        i.branch.clone(),
                        i.trainee.clone(),
                        i.name.clone().unwrap_or_default(),
                        i.last_run.clone(),
                    ]
                })
                .collect(),
        },
        Section {
            title: msg::HUB_MEETINGS.get(lang).to_owned(),
            header: vec![
                msg::HUB_COL_BRANCH.get(lang),
                msg::HUB_COL_NAME.get(lang),
                msg::HUB_COL_MEETINGS.get(lang),
                msg::HUB_COL_SEATS.get(lang),
                msg::HUB_COL_LAST_MEETING.get(lang),
            ],
            numbers: vec![2, 3],
            rows: r
                .meetings
                .iter()
                .map(|m| {
                    vec![
                        m.branch.clone(),
                        m.name.clone().unwrap_or_default(),
                        m.meetings.to_string(),
                        m.trainees.to_string(),
                        m.last.clone(),
                    ]
                })
                .collect(),
        },
    ]
}

fn scope(lang: Lang, r: &HubReport) -> String {
    let all = msg::HUB_ALL.get(lang);
    msg::HUB_FILTERS.fill(
        lang,
        &[
            &r.branch.as_deref().unwrap_or(all),
            &r.skill.as_deref().unwrap_or(all),
            &or_dash(r.since.as_deref()),
        ],
    )
}

/// The readable report on a terminal.
pub fn text(w: &mut dyn Write, lang: Lang, r: &HubReport) -> io::Result<()> {
    writeln!(w, "{}\n{}", msg::HUB_TITLE.get(lang), scope(lang, r))?;
    for s in sections(lang, r) {
        writeln!(w, "\n{}", s.title)?;
        if s.rows.is_empty() {
            writeln!(w, "{}", msg::HUB_NONE.get(lang))?;
            continue;
        }
        let mut t = table(s.header.clone(), &s.numbers);
        for row in &s.rows {
            t.add_row(row.clone());
        }
        write_table(w, &t)?;
    }
    Ok(())
}

pub fn write(w: &mut dyn Write, lang: Lang, format: Format, r: &HubReport) -> io::Result<()> {
    match format {
        Format::Markdown => markdown(w, lang, r),
        Format::Csv => csv(w, lang, r),
        Format::Html => html(w, lang, r),
    }
}

fn md_row(cells: &[impl AsRef<str>]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| md_cell(c.as_ref())).collect();
    format!("| {} |", cells.join(" | "))
}

fn markdown(w: &mut dyn Write, lang: Lang, r: &HubReport) -> io::Result<()> {
    writeln!(
        w,
        "# {}\n\n{}",
        md_cell(msg::HUB_TITLE.get(lang)),
        md_cell(&scope(lang, r))
    )?;
    for s in sections(lang, r) {
        writeln!(w, "\n## {}\n", md_cell(&s.title))?;
        if s.rows.is_empty() {
            writeln!(w, "{}", md_cell(msg::HUB_NONE.get(lang)))?;
            continue;
        }
        writeln!(w, "{}", md_row(&s.header))?;
        let align: Vec<&str> = (0..s.header.len())
            .map(|i| {
                if s.numbers.contains(&i) {
                    "--:|"
                } else {
                    "---|"
                }
            })
            .collect();
        writeln!(w, "|{}", align.concat())?;
        for row in &s.rows {
            writeln!(w, "{}", md_row(row))?;
        }
    }
    Ok(())
}

/// Every section one after another, each with its title row and header row, and
/// an empty row between them; a byte-order mark so Excel reads the Chinese.
fn csv(w: &mut dyn Write, lang: Lang, r: &HubReport) -> io::Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut out = ::csv::WriterBuilder::new().flexible(true).from_writer(w);
    for (i, s) in sections(lang, r).iter().enumerate() {
        if i > 0 {
            out.write_record([""]).map_err(csv_error)?;
        }
        out.write_record([csv_cell(&s.title)]).map_err(csv_error)?;
        out.write_record(&s.header).map_err(csv_error)?;
        for row in &s.rows {
            out.write_record(row.iter().map(|c| csv_cell(c)))
                .map_err(csv_error)?;
        }
    }
    out.flush()
}

/// Bar chart geometry, in SVG user units.
const LABEL: usize = 160;
const BAR: usize = 4;
const ROW: usize = 24;

/// Horizontal bars of pass rate (0–100 %), one per group, with the runs behind it.
fn chart(label: &str, groups: &[Group]) -> String {
    let height = ROW * groups.len() + 10;
    let width = LABEL + 100 * BAR + 120;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}\">",
        escape_html(label)
    );
    for (i, g) in groups.iter().enumerate() {
        let y = ROW * i + 5;
        let bar = (g.pass_rate.clamp(0.0, 100.0) * BAR as f64).round() as usize;
        let name = match &g.name {
            Some(n) => format!("{} {n}", g.key),
            None => g.key.clone(),
        };
        let name = escape_html(&name);
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\">{name}</text>\
             <rect class=\"bar\" x=\"{LABEL}\" y=\"{y}\" width=\"{bar}\" height=\"{}\" fill=\"#1f6feb\"><title>{name}: {:.1}% ({} runs)</title></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\">{:.1}% · {}</text>",
            LABEL - 8,
            y + 14,
            ROW - 6,
            g.pass_rate,
            g.runs,
            LABEL + bar + 6,
            y + 14,
            g.pass_rate,
            g.runs
        );
    }
    svg.push_str("</svg>");
    svg
}

fn html(w: &mut dyn Write, lang: Lang, r: &HubReport) -> io::Result<()> {
    let html_lang = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    let title = escape_html(msg::HUB_TITLE.get(lang));
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\"><title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n<p class=\"meta\">{}</p>",
        escape_html(&scope(lang, r))
    )?;
    for (i, s) in sections(lang, r).iter().enumerate() {
        writeln!(w, "<h2>{}</h2>", escape_html(&s.title))?;
        match i {
            0 => writeln!(
                w,
                "{}",
                chart(msg::HUB_CHART_BRANCH.get(lang), &r.by_branch)
            )?,
            1 => writeln!(w, "{}", chart(msg::HUB_CHART_SKILL.get(lang), &r.by_skill))?,
            _ => {}
        }
        if s.rows.is_empty() {
            writeln!(w, "<p>{}</p>", escape_html(msg::HUB_NONE.get(lang)))?;
            continue;
        }
        write!(w, "<table><thead><tr>")?;
        for h in &s.header {
            write!(w, "<th>{}</th>", escape_html(h))?;
        }
        write!(w, "</tr></thead><tbody>")?;
        for row in &s.rows {
            write!(w, "<tr>")?;
            for (c, cell) in row.iter().enumerate() {
                let class = if s.numbers.contains(&c) {
                    " class=\"num\""
                } else {
                    ""
                };
                write!(w, "<td{class}>{}</td>", escape_html(cell))?;
            }
            write!(w, "</tr>")?;
        }
        writeln!(w, "</tbody></table>")?;
    }
    writeln!(w, "</body></html>")
}
