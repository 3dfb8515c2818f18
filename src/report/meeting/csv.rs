//! The meeting as a table: one row per trainee × answered step, for Excel. UTF-8
//! with a byte-order mark, without which Excel reads Chinese as mojibake. Text that
//! Excel would take for a formula (`=`, `+`, `-`, `@` first) is prefixed with `'`,
//! so a trainee's answer can never run as one.

use std::io::{self, Write};

use jiff::tz::TimeZone;

use crate::i18n::{Lang, msg};
use crate::meeting::Meeting;
use crate::record::Missing;
use crate::report::file::{csv_cell as text_cell, csv_error, local_time};

use super::record_step_name;

const HEADER: [&crate::i18n::T; 15] = [
    &msg::MEETING_COL_MEETING,
    &msg::MEETING_COL_TIME,
    &msg::MEETING_COL_RANK,
    &msg::MEETING_COL_TRAINEE,
    &msg::MEETING_COL_TURN,
    &msg::MEETING_COL_STEP,
    &msg::MEETING_COL_CUSTOMER,
    &msg::MEETING_COL_ANSWER,
    &msg::MEETING_COL_SCORE,
    &msg::MEETING_COL_ENGINE_SCORE,
    &msg::MEETING_COL_PASSED,
    &msg::MEETING_COL_MISSING,
    &msg::MEETING_COL_BANNED_PHRASES,
    &msg::MEETING_COL_COMMENT,
    &msg::MEETING_COL_PICKED,
];

fn yes_no(lang: Lang, yes: bool) -> String {
    let t = if yes {
        msg::MEETING_YES
    } else {
        msg::MEETING_NO
    };
    t.get(lang).to_owned()
}

pub fn write(w: &mut dyn Write, lang: Lang, m: &Meeting, tz: &TimeZone) -> io::Result<()> {
    w.write_all("\u{feff}".as_bytes())?;
    let mut out = ::csv::Writer::from_writer(w);
    out.write_record(HEADER.iter().map(|t| t.get(lang)))
        .map_err(csv_error)?;
    for (i, e) in m.entries.iter().enumerate() {
        let rank = m.rank(i);
        let time = local_time(&e.run.started_at, tz);
        for (n, t) in e.run.steps.iter().enumerate() {
            out.write_record([
                text_cell(&m.id),
                time.clone(),
                rank.to_string(),
                text_cell(e.trainee()),
                (n + 1).to_string(),
                text_cell(&record_step_name(m.scenario, t)),
                text_cell(&t.customer),
                text_cell(&t.counted.answer),
                crate::meeting::score_of(t).to_string(),
                t.counted.score.to_string(),
                yes_no(lang, t.counted.passed),
                text_cell(&Missing::join(&t.counted.missing, "; ")),
                text_cell(&t.counted.banned.join("; ")),
                text_cell(t.review.comment.as_deref().unwrap_or("")),
                yes_no(lang, t.review.picked),
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
