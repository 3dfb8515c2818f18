//! The terminal: inquire prompts. Implements [`Trainee`] for a person at a keyboard;
//! what it shows around the prompts is rendered by `report::session`. Esc or Ctrl-C
//! at any prompt ends the session as [`Error::Interrupted`], before anything is
//! recorded.

pub mod meeting;

use std::io::{self, Write};

use inquire::InquireError;
use inquire::ui::{Color, RenderConfig, StyleSheet, Styled};

use crate::error::{Error, Result};
use crate::i18n::{Lang, msg};
use crate::report;
use crate::session::{Answer, Then, Trainee};
use crate::simulate::{Attempt, Help, Prompt, Simulation};

fn prompt_error(e: InquireError) -> Error {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => Error::Interrupted,
        other => Error::io("<terminal>", io::Error::other(other.to_string())),
    }
}

fn out_error(e: io::Error) -> Error {
    Error::io("<stdout>", e)
}

/// Prompt colours that read on light and dark backgrounds alike: the terminal's own
/// foreground for text, dark green and dark red for marks, bold for the highlighted
/// option (inquire's defaults are light cyan and light green, faint on white). With
/// colour off (`NO_COLOR`, not a terminal), no colour at all.
pub fn set_colours() {
    let config = if colored::control::SHOULD_COLORIZE.should_colorize() {
        let bold = StyleSheet::new().with_attr(inquire::ui::Attributes::BOLD);
        RenderConfig::empty()
            .with_prompt_prefix(Styled::new("?").with_fg(Color::DarkGreen))
            .with_answered_prompt_prefix(Styled::new(">").with_fg(Color::DarkGreen))
            .with_highlighted_option_prefix(
                Styled::new(">").with_attr(inquire::ui::Attributes::BOLD),
            )
            .with_selected_option(Some(bold))
            .with_answer(bold)
            .with_canceled_prompt_indicator(Styled::new("<Esc>").with_fg(Color::DarkRed))
    } else {
        RenderConfig::empty()
    };
    inquire::set_global_render_config(config);
}

/// Asks the trainee's name once; trimmed, never empty, any script.
pub fn ask_name(lang: Lang) -> Result<String> {
    let empty = msg::NAME_EMPTY.get(lang);
    let name = inquire::Text::new(msg::ASK_NAME.get(lang))
        .with_validator(move |s: &str| {
            Ok(if s.trim().is_empty() {
                inquire::validator::Validation::Invalid(empty.into())
            } else {
                inquire::validator::Validation::Valid
            })
        })
        .prompt()
        .map_err(prompt_error)?;
    Ok(name.trim().to_owned())
}

/// Typing in a menu ranks the options it matches (as text, or a number as the
/// option's position) first and never hides the others: a person typing Chinese
/// into a menu of Chinese options must not be left with an empty list.
fn rank(input: &str, label: &str, index: usize) -> i64 {
    let input = input.trim().to_lowercase();
    if input.is_empty() {
        return 0;
    }
    if input.parse::<usize>().ok() == Some(index + 1) {
        return 2;
    }
    i64::from(label.to_lowercase().contains(&input))
}

/// A menu of `options`, each cut to the terminal's width at a word boundary; the
/// chosen option, or `Ok(None)` when the person pressed Esc.
fn select<T: std::fmt::Display>(
    title: &str,
    help: &str,
    options: Vec<T>,
    on_esc: fn(InquireError) -> Result<Option<usize>>,
) -> Result<Option<T>> {
    // The prompt library writes to the terminal itself: what it shows is made
    // visible first (a scenario title or a trainee name may hold control chars).
    let title = report::safe::visible(title);
    let width = report::width::terminal_columns().saturating_sub(4);
    let labels: Vec<String> = options
        .iter()
        .map(|o| report::width::fit(&report::safe::visible(&o.to_string()), width))
        .collect();
    let scorer = |input: &str, _: &String, label: &str, i: usize| Some(rank(input, label, i));
    // Stable, so options that rank the same keep their order.
    let sorter = |ranked: &mut [(usize, i64)]| ranked.sort_by_key(|(_, r)| std::cmp::Reverse(*r));
    let chosen = inquire::Select::new(&title, labels)
        .with_help_message(help)
        .with_page_size(12)
        .with_scorer(&scorer)
        .with_sorter(&sorter)
        .raw_prompt()
        .map(|o| Some(o.index))
        .or_else(on_esc)?;
    Ok(chosen.and_then(|i| options.into_iter().nth(i)))
}

/// A choice from a list; `Ok(None)` when the person pressed Esc.
pub fn choose<T: std::fmt::Display>(lang: Lang, title: &str, options: Vec<T>) -> Result<Option<T>> {
    select(title, msg::HOME_HELP.get(lang), options, |e| match e {
        InquireError::OperationCanceled => Ok(None),
        e => Err(prompt_error(e)),
    })
}

/// A person answering at the terminal.
pub struct Terminal {
    lang: Lang,
    /// Whether a failed answer may be tried again (not in a meeting).
    retries: bool,
    /// The turn (count of answered steps) last asked, to tell a retry from a new line.
    visit: Option<usize>,
    /// Help shown so far, per step: an answer given after seeing it is marked, on this
    /// visit of the step or a later one.
    seen: std::collections::HashMap<usize, Help>,
}

/// The menu after a failed answer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AfterFail {
    Retry,
    Hint,
    Model,
    GoOn,
}

impl Terminal {
    pub fn new(lang: Lang) -> Terminal {
        Terminal {
            lang,
            retries: true,
            visit: None,
            seen: std::collections::HashMap::new(),
        }
    }

    /// No "try again" after a failed answer: for a meeting, where everyone gets one go.
    pub fn without_retries(mut self) -> Terminal {
        self.retries = false;
        self
    }

    fn show(&mut self, what: AfterFail, sim: &Simulation<'_, '_>, prompt: &Prompt) -> Result<()> {
        let step = &sim.scenario().steps[prompt.step];
        let seen = self.seen.entry(prompt.step).or_default();
        let mut out = report::safe::stdout();
        if what == AfterFail::Hint {
            seen.hint |= step.hint.is_some();
            report::session::hint(&mut out, self.lang, step)
        } else {
            seen.model |= step.model_answer.is_some();
            report::session::model(&mut out, self.lang, step)
                .and_then(|()| report::best::best_answers(&mut out, self.lang, step))
        }
        .map_err(out_error)
    }
}

impl Trainee for Terminal {
    fn answer(&mut self, sim: &Simulation<'_, '_>, prompt: &Prompt) -> Result<Answer> {
        let lang = self.lang;
        let scenario = sim.scenario();
        let n = sim.turns().len();
        let again = self.visit == Some(n);
        self.visit = Some(n);
        let mut out = report::safe::stdout();
        let line = report::session::Line {
            number: n + 1,
            again,
        };
        report::session::customer_line(&mut out, lang, scenario, &line, prompt)
            .map_err(out_error)?;
        drop(out);
        loop {
            let answer = inquire::Text::new(msg::SESSION_PROMPT.get(lang))
                .with_help_message(msg::SESSION_PROMPT_HELP.get(lang))
                .prompt()
                .map_err(prompt_error)?;
            match answer.trim() {
                "/hint" | "/提示" => self.show(AfterFail::Hint, sim, prompt)?,
                "/model" | "/参考" => self.show(AfterFail::Model, sim, prompt)?,
                "" => {
                    let mut out = report::safe::stdout();
                    writeln!(out, "{}", msg::SESSION_EMPTY.get(lang)).map_err(out_error)?;
                }
                _ => {
                    let help = self.seen.get(&prompt.step).copied().unwrap_or_default();
                    return Ok(Answer { text: answer, help });
                }
            }
        }
    }

    fn feedback(
        &mut self,
        sim: &Simulation<'_, '_>,
        prompt: &Prompt,
        attempt: &Attempt,
    ) -> Result<Then> {
        let lang = self.lang;
        let step = &sim.scenario().steps[prompt.step];
        let mut out = report::safe::stdout();
        report::session::feedback(&mut out, lang, sim.turns().len() + 1, attempt)
            .map_err(out_error)?;
        drop(out);
        if attempt.verdict.passed {
            return Ok(Then::GoOn);
        }
        loop {
            let seen = self.seen.get(&prompt.step).copied().unwrap_or_default();
            let mut options = Vec::new();
            if self.retries {
                options.push((msg::SESSION_RETRY.get(lang), AfterFail::Retry));
            }
            if step.hint.is_some() && !seen.hint {
                options.push((msg::SESSION_SHOW_HINT.get(lang), AfterFail::Hint));
            }
            if step.model_answer.is_some() && !seen.model {
                options.push((msg::SESSION_SHOW_MODEL.get(lang), AfterFail::Model));
            }
            if options.is_empty() {
                return Ok(Then::GoOn);
            }
            options.push((msg::SESSION_GO_ON.get(lang), AfterFail::GoOn));
            let labels: Vec<&str> = options.iter().map(|(l, _)| *l).collect();
            let chosen = select(
                msg::SESSION_AFTER_FAIL.get(lang),
                msg::SESSION_MENU_HELP.get(lang),
                labels,
                |e| Err(prompt_error(e)),
            )?;
            let what = options
                .iter()
                .find(|(l, _)| Some(*l) == chosen)
                .map_or(AfterFail::GoOn, |(_, a)| *a);
            match what {
                AfterFail::Retry => return Ok(Then::Retry),
                AfterFail::GoOn => return Ok(Then::GoOn),
                shown => self.show(shown, sim, prompt)?,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rank;

    #[test]
    fn typing_ranks_matches_first_and_hides_nothing() {
        assert_eq!(rank("", "看提示", 0), 0);
        assert_eq!(rank("提示", "看提示", 1), 1);
        assert_eq!(rank("提示", "继续对话", 2), 0);
        assert_eq!(rank("3", "继续对话", 2), 2);
        assert_eq!(rank("Hint", "Show the hint", 0), 1);
        assert_eq!(rank("zzz", "anything", 0), 0);
    }
}
