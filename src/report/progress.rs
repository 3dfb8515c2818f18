//! The readable `list`, `progress` and `history` screens, in the user's language.
//! Tables go through comfy-table, which measures CJK text by display width so
//! Chinese titles stay aligned; its styling is off, so colour comes from `colored`
//! outside the tables only.

use std::fmt::Display;
use std::io::{self, Write};

use colored::Colorize;
use comfy_table::{CellAlignment, Table, presets};

use crate::i18n::{Lang, msg};
use crate::progress::{HistoryEntry, ListRow, Progress};
use crate::record::StepRecord;

use super::style::{bad, good, strong};
use super::width::{fit, width};

/// A borderless table with `header`; the columns listed in `right` are right-aligned.
pub(crate) fn table(header: Vec<&str>, right: &[usize]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::NOTHING).set_header(header);
    for &i in right {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// Writes the table without the padding comfy-table leaves at each line's end and
/// with one space less in front, so the first column starts at the margin.
pub(crate) fn write_table(w: &mut dyn Write, t: &Table) -> io::Result<()> {
    for line in t.lines() {
        let line = line.trim_end();
        writeln!(w, "{}", line.strip_prefix(' ').unwrap_or(line))?;
    }
    Ok(())
}

pub fn or_dash<T: Display>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_owned(), |v| v.to_string())
}

/// Titles in `list` are never cut shorter than this many columns.
const MIN_TITLE_COLUMNS: usize = 16;

/// `rehearse list`, within `columns` (by display width): titles are cut to the room
/// the other columns leave, never inside a word.
pub fn list(w: &mut dyn Write, lang: Lang, rows: &[ListRow], columns: usize) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(w, "{}", msg::LIST_EMPTY.get(lang));
    }
    let header = vec![
        msg::LIST_ID.get(lang),
        msg::LIST_TITLE.get(lang),
        msg::LIST_SKILL.get(lang),
        msg::LIST_DIFFICULTY.get(lang),
        msg::LIST_BEST.get(lang),
        msg::LIST_ATTEMPTS.get(lang),
    ];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.id.clone(),
                r.title.clone(),
                r.skill.display(lang).to_owned(),
                r.difficulty.to_string(),
                or_dash(r.best),
                r.attempts.to_string(),
            ]
        })
        .collect();
    // Every column but the title at its widest, two spaces between columns.
    let widest = |i: usize| {
        cells
            .iter()
            .map(|c| width(&c[i]))
            .chain([width(header[i])])
            .max()
            .unwrap_or(0)
    };
    let others: usize = [0, 2, 3, 4, 5].into_iter().map(widest).sum::<usize>() + 2 * 5;
    let room = columns.saturating_sub(others).max(MIN_TITLE_COLUMNS);
    let mut t = table(header, &[3, 4, 5]);
    for mut row in cells {
        row[1] = fit(&row[1], room);
        t.add_row(row.to_vec());
    }
    write_table(w, &t)
}

/// The columns of the per-skill table, shared with the report files.
pub fn skill_header(lang: Lang) -> [&'static str; 7] {
    [
        msg::LIST_SKILL.get(lang),
        msg::PROGRESS_TRIED.get(lang),
        msg::LIST_ATTEMPTS.get(lang),
        msg::LIST_BEST.get(lang),
        msg::PROGRESS_LATEST.get(lang),
        msg::PROGRESS_PASS_RATE.get(lang),
        msg::PROGRESS_TREND.get(lang),
    ]
}

/// One row per skill: tried of available, attempts, best, latest, pass rate, trend.
pub fn skill_rows(p: &Progress, lang: Lang) -> Vec<[String; 7]> {
    p.skills
        .iter()
        .map(|s| {
            [
                s.skill.display(lang).to_owned(),
                format!("{}/{}", s.tried, s.available),
                s.attempts.to_string(),
                or_dash(s.best),
                or_dash(s.latest),
                or_dash(s.pass_rate.map(|r| format!("{r}%"))),
                s.trend.clone(),
            ]
        })
        .collect()
}

/// `rehearse progress`.
pub fn progress(w: &mut dyn Write, lang: Lang, p: &Progress) -> io::Result<()> {
    let header = msg::PROGRESS_HEADER.fill(lang, &[&p.trainee, &p.attempts]);
    writeln!(w, "{}", header.bold())?;
    if p.level > 0 {
        writeln!(w, "{}", msg::PROGRESS_LEVEL.fill(lang, &[&p.level]))?;
    }
    writeln!(w)?;
    let mut t = table(skill_header(lang).to_vec(), &[1, 2, 3, 4, 5]);
    for row in skill_rows(p, lang) {
        t.add_row(row.to_vec());
    }
    write_table(w, &t)?;
    writeln!(w)?;
    if let Some(k) = p.weakest {
        let mean = p
            .skills
            .iter()
            .find(|s| s.skill == k)
            .and_then(|s| s.mean_best);
        writeln!(
            w,
            "{}",
            msg::PROGRESS_WEAKEST.fill(lang, &[&k.display(lang), &or_dash(mean)])
        )?;
    }
    match &p.recommendation {
        Some(r) => {
            let next = msg::PROGRESS_NEXT.fill(
                lang,
                &[
                    &r.scenario_id,
                    &r.title,
                    &r.skill.display(lang),
                    &r.difficulty,
                ],
            );
            writeln!(w, "{}", super::style::strong(&next))?;
            writeln!(w, "{}", msg::PROGRESS_REASON.fill(lang, &[&r.reason]))?;
        }
        None => writeln!(w, "{}", msg::PROGRESS_NONE_AVAILABLE.get(lang))?,
    }
    if !p.retired.is_empty() {
        let runs: u32 = p.retired.iter().map(|r| r.attempts).sum();
        let ids: Vec<&str> = p.retired.iter().map(|r| r.scenario_id.as_str()).collect();
        let line = msg::PROGRESS_RETIRED.fill(lang, &[&runs, &ids.join(", ")]);
        writeln!(w, "{}", super::style::quiet(&line))?;
    }
    Ok(())
}

/// `rehearse history`; `empty` is what to say when there are no runs.
pub fn history(
    w: &mut dyn Write,
    lang: Lang,
    entries: &[HistoryEntry],
    empty: &str,
) -> io::Result<()> {
    if entries.is_empty() {
        return writeln!(w, "{empty}");
    }
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            writeln!(w)?;
        }
        let r = &e.run.run;
        // The scenario's title; its id only when it is no longer in the library.
        match &e.title {
            Some(title) => writeln!(w, "#{}  {}", e.run.id, strong(title))?,
            None => writeln!(
                w,
                "#{}  {} · {}",
                e.run.id,
                strong(&r.scenario_id),
                msg::HISTORY_RETIRED.get(lang)
            )?,
        }
        let verdict = match (r.passed, r.walked_out) {
            (true, _) => msg::HISTORY_PASSED.get(lang).green(),
            (false, false) => msg::HISTORY_FAILED.get(lang).red(),
            (false, true) => msg::HISTORY_WALKED_OUT.get(lang).red(),
        };
        writeln!(
            w,
            "    {}  {} {}  {}",
            r.finished_at,
            msg::HISTORY_SCORE.get(lang),
            r.score,
            verdict
        )?;
        for (n, s) in r.steps.iter().enumerate() {
            let title = e
                .step_titles
                .get(n)
                .map_or(s.step_id.as_str(), String::as_str);
            step(w, lang, n + 1, title, s)?;
        }
    }
    Ok(())
}

fn step(w: &mut dyn Write, lang: Lang, n: usize, title: &str, s: &StepRecord) -> io::Result<()> {
    let score = if s.counted.passed {
        good(&s.counted.score.to_string())
    } else {
        bad(&s.counted.score.to_string())
    };
    let notes = super::session::notes(
        lang,
        s.retries.len() + 1,
        s.counted.saw_hint,
        s.counted.saw_model,
    );
    write!(
        w,
        "    {n}. {title}  {} {score}",
        msg::HISTORY_SCORE.get(lang)
    )?;
    if notes.is_empty() {
        writeln!(w)?;
    } else {
        writeln!(w, "  {}", strong(&notes))?;
    }
    writeln!(
        w,
        "       {}: {}",
        msg::HISTORY_CUSTOMER.get(lang),
        s.customer
    )?;
    for a in &s.retries {
        writeln!(
            w,
            "       {}: {}  ({} {})",
            msg::HISTORY_TAKEN_BACK.get(lang),
            a.answer,
            msg::HISTORY_SCORE.get(lang),
            a.score
        )?;
    }
    writeln!(
        w,
        "       {}: {}",
        msg::HISTORY_ANSWER.get(lang),
        s.counted.answer
    )?;
    let sep = super::session::list_separator(lang);
    if !s.counted.missing.is_empty() {
        let missing: Vec<String> = s
            .counted
            .missing
            .iter()
            .map(|m| super::text::missing_label(lang, m))
            .collect();
        writeln!(
            w,
            "       {}: {}",
            msg::HISTORY_MISSING.get(lang),
            missing.join(sep)
        )?;
    }
    if !s.counted.banned.is_empty() {
        writeln!(
            w,
            "       {}: {}",
            msg::HISTORY_BANNED.get(lang),
            bad(&s.counted.banned.join(sep))
        )?;
    }
    Ok(())
}
