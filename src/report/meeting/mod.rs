//! What a meeting leaves behind: the leaderboard on the terminal, the `--json`
//! object, and the `--report` files (Markdown minutes, a CSV table, a self-contained
//! HTML page), each written into a writer so every one is testable without a file.

mod csv;
mod html;
mod markdown;

use std::io::{self, Write};

use colored::Colorize;
use comfy_table::{CellAlignment, Table, presets};
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::i18n::{Lang, msg};
use crate::meeting::{Meeting, Missed, Shortfall, score_of};
use crate::record::{Missing, StepRecord};
use crate::scenario::model::Scenario;
use crate::scoring::StepVerdict;

use super::file::local_time;
use super::json::RunJson;
use super::text::missing_label;

pub use crate::report::file::Format;

/// How many of the most-missed items a report lists.
const MOST_MISSED: usize = 5;

/// Writes the meeting's report in `format`, times in zone `tz`.
pub fn report(
    w: &mut dyn Write,
    lang: Lang,
    format: Format,
    m: &Meeting,
    tz: &TimeZone,
) -> io::Result<()> {
    match format {
        Format::Markdown => markdown::write(w, lang, m, tz),
        Format::Csv => csv::write(w, lang, m, tz),
        Format::Html => html::write(w, lang, m, tz),
    }
}

/// A step as people call it: its title (see [`crate::scenario::model::Step::title`]).
pub fn step_name(s: &Scenario, step: usize) -> String {
    s.steps[step].title().into_owned()
}

/// The step a record answered, by name; its id when the scenario no longer has it.
fn record_step_name(s: &Scenario, record: &StepRecord) -> String {
    s.step_index(&record.step_id)
        .map_or_else(|| record.step_id.clone(), |i| step_name(s, i))
}

/// "1 of 3 passed" or "Everyone passed".
fn passed_line(lang: Lang, m: &Meeting) -> String {
    let passed = m.entries.iter().filter(|e| e.passed()).count();
    if passed == m.entries.len() {
        msg::MEETING_ALL_PASSED.get(lang).to_owned()
    } else {
        msg::MEETING_SOME_FAILED.fill(lang, &[&passed, &m.entries.len()])
    }
}

fn result(lang: Lang, passed: bool) -> &'static str {
    if passed {
        msg::MEETING_PASSED.get(lang)
    } else {
        msg::MEETING_FAILED.get(lang)
    }
}

/// The header facts of a report page, as (label, value): date and time, branch,
/// facilitator (when known), pass mark.
fn facts(lang: Lang, m: &Meeting, tz: &TimeZone) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(at) = m.held_at() {
        out.push((msg::MEETING_HELD.get(lang), local_time(at, tz)));
    }
    if let Some(b) = &m.info.branch {
        out.push((msg::MEETING_BRANCH.get(lang), b.clone()));
    }
    if let Some(f) = &m.info.facilitator {
        out.push((msg::MEETING_FACILITATOR.get(lang), f.clone()));
    }
    out.push((
        msg::MEETING_PASS_MARK.get(lang),
        m.scenario.pass_score.to_string(),
    ));
    out
}

/// A score as reported: the manager's, with the engine's beside it when they differ.
fn score_text(lang: Lang, step: &StepRecord) -> String {
    match step.review.score {
        Some(s) if s != step.counted.score => {
            msg::MEETING_ADJUSTED.fill(lang, &[&s, &step.counted.score])
        }
        _ => score_of(step).to_string(),
    }
}

/// A trainee's total as reported, marked when the manager changed any answer.
fn total_text(lang: Lang, e: &crate::meeting::Entry) -> String {
    if e.adjusted() && e.score() != e.run.score {
        msg::MEETING_ADJUSTED.fill(lang, &[&e.score(), &e.run.score])
    } else {
        e.score().to_string()
    }
}

/// Why an answer fell short, from its record; "all checks met" when it passed.
fn verdict_text(lang: Lang, step: &StepRecord) -> String {
    let mut parts = Vec::new();
    if step.counted.passed {
        parts.push(msg::MEETING_STEP_OK.get(lang).to_owned());
    }
    if !step.counted.missing.is_empty() {
        let missing: Vec<String> = step
            .counted
            .missing
            .iter()
            .map(|m| missing_label(lang, m))
            .collect();
        parts.push(format!(
            "{} {}",
            msg::REPORT_MISSING.get(lang),
            missing.join(", ")
        ));
    }
    if !step.counted.banned.is_empty() {
        parts.push(format!(
            "{} {}",
            msg::REPORT_BANNED.get(lang),
            step.counted.banned.join(", ")
        ));
    }
    if let Some(c) = &step.review.comment {
        parts.push(msg::MEETING_COMMENT.fill(lang, &[c]));
    }
    parts.join("; ")
}

/// The best-answer mark: the manager's pick or the highest score.
fn best_mark(lang: Lang, picked: bool) -> &'static str {
    if picked {
        msg::MEETING_PICKED.get(lang)
    } else {
        msg::MEETING_BEST.get(lang)
    }
}

/// One most-missed line: "missing “李先生”: 2 times".
fn missed_text(lang: Lang, x: &Missed) -> String {
    let what = match &x.what {
        Shortfall::Banned(phrase) => msg::MEETING_BANNED_ITEM.fill(lang, &[phrase]),
        Shortfall::Missing(Missing::Item(label)) => msg::MEETING_MISSED_ITEM.fill(lang, &[label]),
        // A check, not a phrase: "not a question" says it whole.
        Shortfall::Missing(check) => missing_label(lang, check),
    };
    format!("{what}: {}", msg::MEETING_TIMES.fill(lang, &[&x.count]))
}

/// A trainee's turn is announced to the room.
pub fn turn(w: &mut dyn Write, lang: Lang, name: &str, turn: (usize, usize)) -> io::Result<()> {
    let announce = msg::MEETING_TURN.fill(lang, &[&name, &(turn.0 + 1), &turn.1]);
    writeln!(w, "\n{}", announce.bold())
}

/// A trainee's turn is over: the score and the verdict.
pub fn turn_done(
    w: &mut dyn Write,
    lang: Lang,
    name: &str,
    score: u8,
    passed: bool,
) -> io::Result<()> {
    let line = msg::MEETING_TURN_DONE.fill(lang, &[&name, &score, &result(lang, passed)]);
    writeln!(w, "{}", line.bold())
}

/// Round by round: which round is being played.
pub fn round(w: &mut dyn Write, lang: Lang, number: usize) -> io::Result<()> {
    writeln!(w, "{}", msg::MEETING_ROUND.fill(lang, &[&number]).bold())
}

/// One trainee's answer to a round's line.
pub struct RoundAnswer<'a> {
    pub name: &'a str,
    pub answer: String,
    pub verdict: StepVerdict,
}

/// A round is over: everyone's answer to the line just put to them, its score and
/// what it lacked, for the room to discuss.
pub fn round_done(
    w: &mut dyn Write,
    lang: Lang,
    number: usize,
    answers: &[RoundAnswer],
) -> io::Result<()> {
    writeln!(
        w,
        "{}",
        msg::MEETING_ROUND_DONE.fill(lang, &[&number]).bold()
    )?;
    for a in answers {
        let v = &a.verdict;
        let mut line = msg::MEETING_ROUND_SCORE.fill(lang, &[&a.name, &v.score]);
        let missing: Vec<String> = v.missing().iter().map(|m| missing_label(lang, m)).collect();
        if !missing.is_empty() {
            line.push_str(&format!(
                " · {} {}",
                msg::REPORT_MISSING.get(lang),
                missing.join(", ")
            ));
        }
        let banned = v.banned_phrases();
        if !banned.is_empty() {
            line.push_str(&format!(
                " · {} {}",
                msg::REPORT_BANNED.get(lang),
                banned.join(", ")
            ));
        }
        let line = if v.passed { line.green() } else { line.red() };
        writeln!(w, "\n  {line}\n    {}", a.answer)?;
    }
    Ok(())
}

/// A trainee the manager skipped.
pub fn skipped(w: &mut dyn Write, lang: Lang, name: &str) -> io::Result<()> {
    writeln!(w, "{}", msg::MEETING_SKIPPED.fill(lang, &[&name]).dimmed())
}

/// Clears the terminal and its scrollback, so the next trainee does not read the
/// last one's answers. Written to the terminal itself, not through the neutraliser.
pub fn clear_screen(w: &mut dyn Write) -> io::Result<()> {
    write!(w, "\x1b[H\x1b[2J\x1b[3J")?;
    w.flush()
}

/// The leaderboard as the room sees it at the end of the meeting.
pub fn leaderboard(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
    let s = m.scenario;
    let header = msg::MEETING_HEADER.fill(lang, &[&m.id, &s.id, &s.title, &m.seed()]);
    writeln!(w, "{}", header.bold())?;
    writeln!(w, "{}", msg::MEETING_LEADERBOARD.get(lang).bold())?;
    let mut table = Table::new();
    table.load_style(presets::UTF8_HORIZONTAL_ONLY);
    table.set_header(vec![
        msg::MEETING_COL_RANK.get(lang),
        msg::MEETING_COL_TRAINEE.get(lang),
        msg::MEETING_COL_SCORE.get(lang),
        msg::MEETING_COL_BANNED.get(lang),
        msg::MEETING_COL_RESULT.get(lang),
    ]);
    for st in m.leaderboard() {
        let e = &m.entries[st.entry];
        table.add_row(vec![
            st.rank.to_string(),
            e.trainee().to_owned(),
            total_text(lang, e),
            e.banned_hits().to_string(),
            result(lang, e.passed()).to_owned(),
        ]);
    }
    for i in [0, 2, 3] {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(w, "{table}")?;
    let line = passed_line(lang, m);
    let line = if m.passed() {
        line.green().bold()
    } else {
        line.red().bold()
    };
    writeln!(w, "{line}")?;
    writeln!(w, "{}: {}", msg::MEETING_ID.get(lang), m.id)
}

/// `meeting --json`: field names are a contract, like `run --json`'s.
#[derive(Serialize)]
pub struct MeetingJson<'a> {
    pub id: &'a str,
    pub seed: u64,
    pub scenario: &'a str,
    pub title: &'a str,
    /// Everyone passed.
    pub passed: bool,
    pub leaderboard: Vec<StandingJson<'a>>,
    /// In turn order.
    pub runs: Vec<TraineeRunJson<'a>>,
}

#[derive(Serialize)]
pub struct StandingJson<'a> {
    pub rank: usize,
    pub trainee: &'a str,
    /// With the manager's changes, if any.
    pub score: u8,
    pub banned_hits: usize,
    pub passed: bool,
}

/// A trainee's run: the `run --json` object with the trainee's name added.
#[derive(Serialize)]
pub struct TraineeRunJson<'a> {
    pub trainee: &'a str,
    #[serde(flatten)]
    pub run: RunJson<'a>,
}

/// The meeting as JSON, with each trainee's `run --json` object in turn order.
pub fn to_json<'a>(m: &'a Meeting, runs: Vec<TraineeRunJson<'a>>) -> MeetingJson<'a> {
    MeetingJson {
        id: &m.id,
        seed: m.seed(),
        scenario: &m.scenario.id,
        title: &m.scenario.title,
        passed: m.passed(),
        leaderboard: m
            .leaderboard()
            .into_iter()
            .map(|st| {
                let e = &m.entries[st.entry];
                StandingJson {
                    rank: st.rank,
                    trainee: e.trainee(),
                    score: e.score(),
                    banned_hits: e.banned_hits(),
                    passed: e.passed(),
                }
            })
            .collect(),
        runs,
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    //! A small played meeting for the renderers' unit tests.

    use crate::meeting::Meeting;
    use crate::scenario::model::Scenario;

    pub const YAML: &str = "id: m\ntitle: 开场 & <问候>\nskill: fab\nsteps:\n  - {id: a, customer: \"喂?\", required: [您好], banned: [保证]}\n  - {id: b, customer: 嗯, required: [谢谢]}\n";

    pub fn scenario() -> Scenario {
        crate::scenario::fixture::scenario(YAML)
    }

    pub fn meeting<'s>(s: &'s Scenario, runs: &[(&str, [&str; 2])]) -> Meeting<'s> {
        let runs: Vec<(&str, &[&str])> = runs.iter().map(|(n, a)| (*n, &a[..])).collect();
        Meeting {
            id: "2026-11-23-1".into(),
            scenario: s,
            entries: crate::meeting::fixture::entries(s, 3, &runs),
            info: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests;
