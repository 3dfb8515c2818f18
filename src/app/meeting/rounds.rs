//! The meeting round by round at the terminal: each customer line is put to every
//! trainee in turn, each at a cleared screen, then the room discusses the round's
//! scores before the next line. Esc hands the choice to the manager, as in a
//! trainee's whole turn: the line again, skip the trainee, or end the meeting.

use crate::error::{Error, Result};
use crate::i18n::{Lang, msg};
use crate::report;
use crate::report::meeting::RoundAnswer;
use crate::scoring::Compiled;
use crate::scoring::StepVerdict;
use crate::session::Trainee;
use crate::simulate::{Attempt, Outcome, Simulation};
use crate::ui;

use super::super::{now, stdout_error};
use super::{AfterEsc, after_interrupt, take_the_seat};

/// One trainee's seat: their conversation, their terminal, when they started.
struct Seat<'c, 's> {
    sim: Simulation<'c, 's>,
    terminal: ui::Terminal,
    started_at: String,
}

/// What came of one line put to one trainee.
enum Line {
    /// Answered and scored: the answer and its verdict.
    Scored(String, StepVerdict),
    Skipped,
    EndMeeting,
}

/// Plays the meeting round by round; returns, in turn order, each trainee whose
/// conversation came to its end, with when they started. Skipped trainees and
/// conversations cut short by the end of the meeting are not returned.
pub(super) fn play(
    lang: Lang,
    compiled: &Compiled,
    seed: u64,
    names: &[String],
) -> Result<Vec<(usize, Outcome, String)>> {
    let mut seats: Vec<Option<Seat>> = names
        .iter()
        .map(|_| {
            Some(Seat {
                sim: Simulation::new(compiled, seed),
                terminal: ui::Terminal::new(lang).without_retries(),
                started_at: now(),
            })
        })
        .collect();
    let mut number = 0;
    'meeting: loop {
        number += 1;
        let mut answers: Vec<RoundAnswer> = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let Some(seat) = seats[i].as_mut() else {
                continue;
            };
            if seat.sim.prompt().is_none() {
                continue;
            }
            match put_line(lang, compiled, seat, name, number, (i, names.len()))? {
                Line::Scored(answer, verdict) => answers.push(RoundAnswer {
                    name,
                    answer,
                    verdict,
                }),
                Line::Skipped => seats[i] = None,
                Line::EndMeeting => break 'meeting,
            }
        }
        if answers.is_empty() {
            break;
        }
        report::meeting::clear_screen(&mut std::io::stdout()).map_err(stdout_error)?;
        let mut out = report::safe::stdout();
        report::meeting::round_done(&mut out, lang, number, &answers).map_err(stdout_error)?;
        drop(out);
        let more = seats.iter().flatten().any(|s| s.sim.prompt().is_some());
        let go_on = if more {
            msg::MEETING_ROUND_NEXT
        } else {
            msg::MEETING_ROUND_LAST
        }
        .get(lang);
        if ui::choose(lang, go_on, vec![go_on])?.is_none() {
            break;
        }
    }
    Ok(seats
        .into_iter()
        .enumerate()
        .filter_map(|(i, seat)| seat.map(|s| (i, s)))
        .filter(|(_, s)| s.sim.prompt().is_none())
        .map(|(i, s)| (i, s.sim.finish(), s.started_at))
        .collect())
}

/// The current customer line put to one trainee at a cleared screen; Esc asks the
/// manager what next.
fn put_line(
    lang: Lang,
    compiled: &Compiled,
    seat: &mut Seat,
    name: &str,
    number: usize,
    turn: (usize, usize),
) -> Result<Line> {
    loop {
        let answered = (|| {
            report::meeting::clear_screen(&mut std::io::stdout()).map_err(stdout_error)?;
            let mut out = report::safe::stdout();
            report::meeting::round(&mut out, lang, number).map_err(stdout_error)?;
            drop(out);
            take_the_seat(lang, compiled, name, turn)?;
            let Some(prompt) = seat.sim.prompt().cloned() else {
                return Ok(None);
            };
            let given = seat.terminal.answer(&seat.sim, &prompt)?;
            let Some(verdict) = seat.sim.score(&given.text) else {
                return Ok(None);
            };
            let attempt = Attempt {
                answer: given.text,
                verdict,
                help: given.help,
            };
            seat.terminal.feedback(&seat.sim, &prompt, &attempt)?;
            let scored = (attempt.answer.clone(), attempt.verdict.clone());
            seat.sim.commit(attempt);
            Ok(Some(scored))
        })();
        match answered {
            Ok(Some((answer, verdict))) => return Ok(Line::Scored(answer, verdict)),
            Ok(None) => return Ok(Line::Skipped),
            Err(Error::Interrupted) => match after_interrupt(lang, name)? {
                AfterEsc::Retry => continue,
                AfterEsc::Skip => return Ok(Line::Skipped),
                AfterEsc::End => return Ok(Line::EndMeeting),
            },
            Err(e) => return Err(e),
        }
    }
}
