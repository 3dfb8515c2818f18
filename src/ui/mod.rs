//! The terminal: inquire prompts and the coloured screens of a session. Implements
//! [`Trainee`] for a person at a keyboard. Esc or Ctrl-C at any prompt ends the
//! session as [`Error::Interrupted`], before anything is recorded.

use std::io::{self, Write};

use colored::Colorize;
use inquire::InquireError;

use crate::error::{Error, Result};
use crate::i18n::{Lang, msg};
use crate::report;
use crate::session::Trainee;
use crate::simulate::{Prompt, Simulation, Turn};

fn prompt_error(e: InquireError) -> Error {
    match e {
        InquireError::OperationCanceled | InquireError::OperationInterrupted => Error::Interrupted,
        other => Error::io("<terminal>", io::Error::other(other.to_string())),
    }
}

fn out_error(e: io::Error) -> Error {
    Error::io("<stdout>", e)
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

/// A choice from a list; `Ok(None)` when the person pressed Esc.
pub fn choose<T: std::fmt::Display>(lang: Lang, title: &str, options: Vec<T>) -> Result<Option<T>> {
    // The prompt library writes to the terminal itself: what it shows is made
    // visible first (a scenario title or a trainee name may hold control chars).
    let title = report::safe::visible(title);
    let options: Vec<Shown<T>> = options.into_iter().map(Shown).collect();
    match inquire::Select::new(&title, options)
        .with_help_message(msg::HOME_HELP.get(lang))
        .with_page_size(12)
        .prompt()
    {
        Ok(choice) => Ok(Some(choice.0)),
        Err(InquireError::OperationCanceled) => Ok(None),
        Err(e) => Err(prompt_error(e)),
    }
}

/// An option as the prompt shows it: its text with control chars made visible.
struct Shown<T>(T);

impl<T: std::fmt::Display> std::fmt::Display for Shown<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&report::safe::visible(&self.0.to_string()))
    }
}

/// A person answering at the terminal.
pub struct Terminal {
    lang: Lang,
}

impl Terminal {
    pub fn new(lang: Lang) -> Terminal {
        Terminal { lang }
    }

    fn say(&self, text: &str) -> Result<()> {
        let mut out = crate::report::safe::stdout();
        writeln!(out, "{text}").map_err(out_error)
    }
}

impl Trainee for Terminal {
    fn answer(&mut self, sim: &Simulation<'_, '_>, prompt: &Prompt) -> Result<String> {
        let lang = self.lang;
        let scenario = sim.scenario();
        let step = &scenario.steps[prompt.step];
        let mut out = crate::report::safe::stdout();
        report::session::customer_line(&mut out, lang, scenario, step, &prompt.customer)
            .map_err(out_error)?;
        drop(out);
        loop {
            let answer = inquire::Text::new(msg::SESSION_PROMPT.get(lang))
                .with_help_message(msg::SESSION_PROMPT_HELP.get(lang))
                .prompt()
                .map_err(prompt_error)?;
            match answer.trim() {
                "/hint" | "/提示" => {
                    let hint = step
                        .hint
                        .as_deref()
                        .unwrap_or(msg::SESSION_NO_HINT.get(lang));
                    self.say(&format!("{} {}", msg::REPORT_HINT.get(lang).cyan(), hint))?;
                }
                "/model" | "/参考" => {
                    let model = step
                        .model_answer
                        .as_deref()
                        .unwrap_or(msg::SESSION_NO_MODEL.get(lang));
                    self.say(&format!("{} {}", msg::REPORT_MODEL.get(lang).cyan(), model))?;
                }
                "" => self.say(msg::SESSION_EMPTY.get(lang))?,
                _ => return Ok(answer),
            }
        }
    }

    fn feedback(&mut self, sim: &Simulation<'_, '_>, turn: &Turn) -> Result<()> {
        let lang = self.lang;
        let scenario = sim.scenario();
        let mut out = crate::report::safe::stdout();
        report::session::feedback(&mut out, lang, turn).map_err(out_error)?;
        drop(out);
        if turn.verdict.passed {
            return Ok(());
        }
        let step = &scenario.steps[turn.step];
        let hint = msg::SESSION_SHOW_HINT.get(lang);
        let model = msg::SESSION_SHOW_MODEL.get(lang);
        let go_on = msg::SESSION_GO_ON.get(lang);
        let mut options = Vec::new();
        if step.hint.is_some() {
            options.push(hint);
        }
        if step.model_answer.is_some() {
            options.push(model);
        }
        while !options.is_empty() {
            options.push(go_on);
            let choice = inquire::Select::new(msg::SESSION_AFTER_FAIL.get(lang), options.clone())
                .with_help_message(msg::SESSION_MENU_HELP.get(lang))
                .prompt()
                .map_err(prompt_error)?;
            options.retain(|o| *o != go_on);
            if choice == go_on {
                break;
            }
            // The hint first, then the model answer: each is shown once.
            if choice == hint {
                self.say(&format!(
                    "{} {}",
                    msg::REPORT_HINT.get(lang).cyan(),
                    step.hint.as_deref().unwrap_or_default()
                ))?;
            } else {
                self.say(&format!(
                    "{} {}",
                    msg::REPORT_MODEL.get(lang).cyan(),
                    step.model_answer.as_deref().unwrap_or_default()
                ))?;
            }
            options.retain(|o| *o != choice);
        }
        Ok(())
    }
}
