//! The meeting manager's prompts: a score to replace the engine's, and a comment.

use crate::error::Result;
use crate::i18n::{Lang, msg};

use super::prompt_error;

/// A whole score from 0 to 100; `None` when the manager pressed Esc.
pub fn ask_score(lang: Lang) -> Result<Option<u8>> {
    let invalid = msg::MEETING_SCORE_INVALID.get(lang);
    let answer = inquire::Text::new(msg::MEETING_NEW_SCORE.get(lang))
        .with_validator(move |s: &str| {
            Ok(match s.trim().parse::<u8>() {
                Ok(n) if n <= 100 => inquire::validator::Validation::Valid,
                _ => inquire::validator::Validation::Invalid(invalid.into()),
            })
        })
        .prompt_skippable()
        .map_err(prompt_error)?;
    Ok(answer.and_then(|s| s.trim().parse().ok()))
}

/// Why the score was changed, trimmed (may be empty); `None` on Esc.
pub fn ask_comment(lang: Lang) -> Result<Option<String>> {
    let answer = inquire::Text::new(msg::MEETING_COMMENT_PROMPT.get(lang))
        .prompt_skippable()
        .map_err(prompt_error)?;
    Ok(answer.map(|s| s.trim().to_owned()))
}

/// Several of `options` (indices, in order); those in `selected` start ticked.
/// `None` when the person pressed Esc.
pub fn choose_many(
    lang: Lang,
    title: &str,
    options: Vec<String>,
    selected: &[usize],
) -> Result<Option<Vec<usize>>> {
    let title = crate::report::safe::visible(title);
    let options: Vec<String> = options
        .iter()
        .map(|o| crate::report::safe::visible(o).into_owned())
        .collect();
    let chosen = inquire::MultiSelect::new(&title, options)
        .with_default(selected)
        .with_help_message(msg::HARVEST_CHOOSE_HELP.get(lang))
        .with_page_size(12)
        .raw_prompt_skippable()
        .map_err(prompt_error)?;
    Ok(chosen.map(|list| list.into_iter().map(|o| o.index).collect()))
}
