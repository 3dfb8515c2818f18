//! The manager's word after the scores: on a terminal, the leaderboard, then a menu
//! to change an answer's score (with a comment) or pick a step's best answer, as
//! often as wanted, until the meeting is recorded.

use std::fmt;

use crate::error::Result;
use crate::i18n::{Lang, msg};
use crate::meeting::{Entry, Meeting};
use crate::report;
use crate::scenario::model::Scenario;
use crate::store::Store;
use crate::ui;

use super::{Played, free_id, stdout_error};

/// A menu entry that remembers which thing it stands for.
struct Choice<T> {
    value: T,
    label: String,
}

impl<T> fmt::Display for Choice<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

fn choice<T>(value: T, label: String) -> Choice<T> {
    Choice { value, label }
}

#[derive(Clone, Copy)]
enum Action {
    Override,
    Pick,
    Done,
}

/// Shows the leaderboard and takes the manager's changes into `played`'s records.
pub(super) fn review(
    lang: Lang,
    scenario: &Scenario,
    store: &Store,
    played: &mut [Played],
) -> Result<()> {
    let id = free_id(store)?;
    loop {
        show(lang, scenario, &id, played)?;
        let menu = vec![
            choice(
                Action::Override,
                msg::MEETING_REVIEW_OVERRIDE.get(lang).to_owned(),
            ),
            choice(Action::Pick, msg::MEETING_REVIEW_PICK.get(lang).to_owned()),
            choice(Action::Done, msg::MEETING_REVIEW_DONE.get(lang).to_owned()),
        ];
        let action = match ui::choose(lang, msg::MEETING_REVIEW.get(lang), menu)? {
            None
            | Some(Choice {
                value: Action::Done,
                ..
            }) => return Ok(()),
            Some(c) => c.value,
        };
        let Some(step) = which_step(lang, scenario, played)? else {
            continue;
        };
        let Some((p, turn)) = which_answer(lang, &step, played)? else {
            continue;
        };
        match action {
            Action::Override => override_score(lang, scenario, played, p, turn)?,
            Action::Pick => pick(lang, scenario, played, p, turn)?,
            Action::Done => return Ok(()),
        }
    }
}

/// The leaderboard as it stands, the manager's changes included.
fn show(lang: Lang, scenario: &Scenario, id: &str, played: &[Played]) -> Result<()> {
    let m = Meeting {
        id: id.to_owned(),
        scenario,
        entries: played
            .iter()
            .map(|p| Entry {
                run: p.record.clone(),
            })
            .collect(),
        info: Default::default(),
    };
    let mut out = report::safe::stdout();
    report::meeting::leaderboard(&mut out, lang, &m).map_err(stdout_error)
}

/// The step to act on, among those anyone answered; `None` on Esc.
fn which_step(lang: Lang, scenario: &Scenario, played: &[Played]) -> Result<Option<String>> {
    let mut steps: Vec<Choice<String>> = Vec::new();
    for (i, step) in scenario.steps.iter().enumerate() {
        let answered = played
            .iter()
            .any(|p| p.record.steps.iter().any(|s| s.step_id == step.id));
        if answered {
            let name = report::meeting::step_name(scenario, i);
            steps.push(choice(step.id.clone(), name));
        }
    }
    Ok(ui::choose(lang, msg::MEETING_WHICH_STEP.get(lang), steps)?.map(|c| c.value))
}

/// The answer to act on among those given to `step`: (trainee, turn); `None` on Esc.
fn which_answer(lang: Lang, step: &str, played: &[Played]) -> Result<Option<(usize, usize)>> {
    let mut answers = Vec::new();
    for (p, entry) in played.iter().enumerate() {
        for (turn, s) in entry.record.steps.iter().enumerate() {
            if s.step_id == step {
                let score = crate::meeting::score_of(s);
                let label = format!("{} ({score}): {}", entry.trainee, s.counted.answer);
                answers.push(choice((p, turn), label));
            }
        }
    }
    Ok(ui::choose(lang, msg::MEETING_WHICH_ANSWER.get(lang), answers)?.map(|c| c.value))
}

fn override_score(
    lang: Lang,
    scenario: &Scenario,
    played: &mut [Played],
    p: usize,
    turn: usize,
) -> Result<()> {
    let Some(score) = ui::meeting::ask_score(lang)? else {
        return Ok(());
    };
    let Some(comment) = ui::meeting::ask_comment(lang)? else {
        return Ok(());
    };
    let entry = &mut played[p];
    let step = &mut entry.record.steps[turn];
    step.review.score = Some(score);
    step.review.comment = (!comment.is_empty()).then_some(comment);
    let name = step_name_of(scenario, &step.step_id);
    safe_println!(
        "{}",
        msg::MEETING_OVERRIDDEN.fill(lang, &[&entry.trainee, &name, &score])
    );
    Ok(())
}

fn pick(
    lang: Lang,
    scenario: &Scenario,
    played: &mut [Played],
    p: usize,
    turn: usize,
) -> Result<()> {
    let step_id = played[p].record.steps[turn].step_id.clone();
    // One pick per step: choosing another answer moves it.
    for entry in played.iter_mut() {
        for s in &mut entry.record.steps {
            if s.step_id == step_id {
                s.review.picked = false;
            }
        }
    }
    let step = &mut played[p].record.steps[turn];
    step.review.picked = true;
    let name = step_name_of(scenario, &step_id);
    safe_println!(
        "{}",
        msg::MEETING_PICK_DONE.fill(lang, &[&name, &step.counted.answer])
    );
    Ok(())
}

fn step_name_of(scenario: &Scenario, id: &str) -> String {
    scenario.step_index(id).map_or_else(
        || id.to_owned(),
        |i| report::meeting::step_name(scenario, i),
    )
}
