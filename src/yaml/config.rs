//! The small per-user settings file, `config.yaml`: who trains on this machine.

use std::path::Path;

use crate::error::{Error, Result};
use crate::i18n::Lang;

use super::{FileKind, MAX_FILE_BYTES};

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Config {
    pub trainee: Option<String>,
}

/// Reads the config file; a missing file is the default config.
pub fn read(path: &Path, lang: Lang) -> Result<Config> {
    if !path.exists() {
        return Ok(Config::default());
    }
    let bytes = super::read_limited(path, MAX_FILE_BYTES, FileKind::Config, lang)?;
    let text = super::utf8(path, &bytes, lang)
        .map_err(|l| Error::ScenarioInvalid { problems: vec![l] })?;
    super::from_yaml(path, text, lang).map_err(|l| Error::ScenarioInvalid { problems: vec![l] })
}
