//! Answers files (spec §5): a YAML list of strings, one answer per step reached.

use std::path::Path;

use crate::error::{Error, Located, Result};
use crate::i18n::{Lang, msg};

use super::{FileKind, Text};

/// Answers files are typed by hand; anything larger is a mistake.
pub const MAX_ANSWERS_BYTES: u64 = 4 * 1024 * 1024;

/// Reads an answers file: a YAML list of strings (spec §5).
pub fn read(path: &Path, lang: Lang) -> Result<Vec<String>> {
    let bytes = super::read_limited(path, MAX_ANSWERS_BYTES, FileKind::Answers, lang)?;
    let text = super::utf8(path, &bytes, lang).map_err(Error::AnswersInvalid)?;
    let list: Vec<Text> = super::from_yaml(path, text, lang).map_err(|l| {
        Error::AnswersInvalid(Located {
            message: msg::ANSWERS_NOT_LIST.fill(lang, &[&l.message]),
            ..l
        })
    })?;
    Ok(list.into_iter().map(|t| t.0).collect())
}
