//! What a meeting leaves behind: the leaderboard on the terminal, the `--json`
//! object, and the `--report` files (Markdown minutes, a CSV table, a self-contained
//! HTML page), each written into a writer so every one is testable without a file.

mod csv;
mod html;
mod markdown;

use std::io::{self, Write};

use colored::Colorize;
use comfy_table::{CellAlignment, Table, presets};
use serde::Serialize;

use crate::i18n::{Lang, msg};
use crate::meeting::Meeting;

use super::json::{self, RunJson};

pub use crate::report::file::Format;

/// Writes the meeting's report in `format`.
pub fn report(w: &mut dyn Write, lang: Lang, format: Format, m: &Meeting) -> io::Result<()> {
    match format {
        Format::Markdown => markdown::write(w, lang, m),
        Format::Csv => csv::write(w, lang, m),
        Format::Html => html::write(w, lang, m),
    }
}

/// "1 of 3 passed" or "Everyone passed".
fn passed_line(lang: Lang, m: &Meeting) -> String {
    let passed = m.entries.iter().filter(|e| e.summary.passed).count();
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

/// The leaderboard as the room sees it at the end of the meeting.
pub fn leaderboard(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
    let s = m.scenario;
    let header = msg::MEETING_HEADER.fill(lang, &[&m.id, &s.id, &s.title, &m.seed]);
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
            e.trainee.clone(),
            e.summary.score.to_string(),
            e.banned_hits().to_string(),
            result(lang, e.summary.passed).to_owned(),
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

pub fn to_json<'a>(m: &'a Meeting) -> MeetingJson<'a> {
    MeetingJson {
        id: &m.id,
        seed: m.seed,
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
                    trainee: &e.trainee,
                    score: e.summary.score,
                    banned_hits: e.banned_hits(),
                    passed: e.summary.passed,
                }
            })
            .collect(),
        runs: m
            .entries
            .iter()
            .map(|e| TraineeRunJson {
                trainee: &e.trainee,
                run: json::run(m.scenario, &e.outcome, &e.summary),
            })
            .collect(),
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
            seed: 3,
            scenario: s,
            entries: crate::meeting::fixture::entries(s, 3, &runs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_the_extension() {
        let case = |p: &str| Format::of(std::path::Path::new(p));
        assert_eq!(case("a.md"), Some(Format::Markdown));
        assert_eq!(case("会议.CSV"), Some(Format::Csv));
        assert_eq!(case("x/y.html"), Some(Format::Html));
        assert_eq!(case("a.pdf"), None);
        assert_eq!(case("md"), None);
    }

    #[test]
    fn the_json_holds_every_run_in_the_run_shape() {
        let s = fixture::scenario();
        let m = fixture::meeting(&s, &[("乙", ["您好", "谢谢"]), ("甲", ["保证", "谢谢"])]);
        let v = serde_json::to_value(to_json(&m)).unwrap_or_default();
        assert_eq!(v["id"], "2026-11-23-1");
        assert_eq!(v["leaderboard"][0]["trainee"], "乙");
        assert_eq!(v["leaderboard"][1]["banned_hits"], 1);
        assert_eq!(v["runs"][1]["trainee"], "甲");
        assert_eq!(v["runs"][1]["steps"][0]["banned"][0], "保证");
        assert_eq!(v["runs"][0]["seed"], 3);
    }
}
