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

/// `rehearse list`.
pub fn list(w: &mut dyn Write, lang: Lang, rows: &[ListRow]) -> io::Result<()> {
    if rows.is_empty() {
        return writeln!(w, "{}", msg::LIST_EMPTY.get(lang));
    }
    let mut t = table(
        vec![
            msg::LIST_ID.get(lang),
            msg::LIST_TITLE.get(lang),
            msg::LIST_SKILL.get(lang),
            msg::LIST_DIFFICULTY.get(lang),
            msg::LIST_BEST.get(lang),
            msg::LIST_ATTEMPTS.get(lang),
        ],
        &[3, 4, 5],
    );
    for r in rows {
        t.add_row(vec![
            r.id.clone(),
            r.title.clone(),
            r.skill.to_string(),
            r.difficulty.to_string(),
            or_dash(r.best),
            r.attempts.to_string(),
        ]);
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
pub fn skill_rows(p: &Progress) -> Vec<[String; 7]> {
    p.skills
        .iter()
        .map(|s| {
            [
                s.skill.to_string(),
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
    for row in skill_rows(p) {
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
            msg::PROGRESS_WEAKEST.fill(lang, &[&k, &or_dash(mean)])
        )?;
    }
    match &p.recommendation {
        Some(r) => {
            let next =
                msg::PROGRESS_NEXT.fill(lang, &[&r.scenario_id, &r.title, &r.skill, &r.difficulty]);
            writeln!(w, "{}", next.cyan().bold())?;
            writeln!(w, "{}", msg::PROGRESS_REASON.fill(lang, &[&r.reason]))?;
        }
        None => writeln!(w, "{}", msg::PROGRESS_NONE_AVAILABLE.get(lang))?,
    }
    if !p.retired.is_empty() {
        let runs: u32 = p.retired.iter().map(|r| r.attempts).sum();
        let ids: Vec<&str> = p.retired.iter().map(|r| r.scenario_id.as_str()).collect();
        let line = msg::PROGRESS_RETIRED.fill(lang, &[&runs, &ids.join(", ")]);
        writeln!(w, "{}", line.dimmed())?;
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
        let title = e.title.as_deref().unwrap_or(msg::HISTORY_RETIRED.get(lang));
        writeln!(w, "#{}  {} · {}", e.run.id, r.scenario_id.bold(), title)?;
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
            step(w, lang, n + 1, s)?;
        }
    }
    Ok(())
}

fn step(w: &mut dyn Write, lang: Lang, n: usize, s: &StepRecord) -> io::Result<()> {
    let score = if s.passed {
        s.score.to_string().green()
    } else {
        s.score.to_string().red()
    };
    writeln!(
        w,
        "    {n}. {}  {} {score}",
        s.step_id,
        msg::HISTORY_SCORE.get(lang)
    )?;
    writeln!(
        w,
        "       {}: {}",
        msg::HISTORY_CUSTOMER.get(lang),
        s.customer
    )?;
    writeln!(w, "       {}: {}", msg::HISTORY_ANSWER.get(lang), s.answer)?;
    if !s.missing.is_empty() {
        writeln!(
            w,
            "       {}: {}",
            msg::HISTORY_MISSING.get(lang),
            s.missing.join(", ")
        )?;
    }
    if !s.banned.is_empty() {
        writeln!(
            w,
            "       {}: {}",
            msg::HISTORY_BANNED.get(lang),
            s.banned.join(", ").red()
        )?;
    }
    Ok(())
}
