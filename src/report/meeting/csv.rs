//! The meeting as a table: one row per trainee × answered step, for Excel. UTF-8
//! with a byte-order mark, without which Excel reads Chinese as mojibake. Text that
//! Excel would take for a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`,
//! so a trainee's answer can never run as one.

use std::io::{self, Write};

use crate::i18n::{Lang, msg};
use crate::meeting::Meeting;
use crate::report::file::{csv_cell as text_cell, csv_error};

pub fn write(w: &mut dyn Write, lang: Lang, m: &Meeting) -> io::Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut out = ::csv::Writer::from_writer(w);
    let header = [
        &msg::MEETING_COL_MEETING,
        &msg::MEETING_COL_RANK,
        &msg::MEETING_COL_TRAINEE,
        &msg::MEETING_COL_TURN,
        &msg::MEETING_COL_STEP,
        &msg::MEETING_COL_CUSTOMER,
        &msg::MEETING_COL_ANSWER,
        &msg::MEETING_COL_SCORE,
        &msg::MEETING_COL_PASSED,
        &msg::MEETING_COL_MISSING,
        &msg::MEETING_COL_BANNED_PHRASES,
    ];
    out.write_record(header.iter().map(|t| t.get(lang)))
        .map_err(csv_error)?;
    let ranks = m.leaderboard();
    for (i, e) in m.entries.iter().enumerate() {
        let rank = ranks
            .iter()
            .find(|st| st.entry == i)
            .map_or(0, |st| st.rank);
        for (n, t) in e.outcome.turns.iter().enumerate() {
            let passed = if t.verdict.passed {
                msg::MEETING_YES
            } else {
                msg::MEETING_NO
            };
            out.write_record([
                text_cell(&m.id),
                rank.to_string(),
                text_cell(&e.trainee),
                (n + 1).to_string(),
                m.scenario.steps[t.step].id.clone(),
                text_cell(&t.customer),
                text_cell(&t.answer),
                t.verdict.score.to_string(),
                passed.get(lang).to_owned(),
                text_cell(&t.verdict.missing().join("; ")),
                text_cell(&t.verdict.banned_phrases().join("; ")),
            ])
            .map_err(csv_error)?;
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_text_stays_text() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("-1"), "'-1");
        assert_eq!(text_cell("@sum"), "'@sum");
        assert_eq!(text_cell("您好=你好"), "您好=你好");
    }
}
