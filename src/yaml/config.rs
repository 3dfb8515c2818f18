//! The small per-user settings file, `config.yaml`: who trains on this machine,
//! and how it reaches the head office's hub.

use std::path::Path;

use crate::error::{Error, Result};
use crate::i18n::Lang;

use super::{FileKind, MAX_FILE_BYTES};

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Config {
    pub trainee: Option<String>,
    /// This trainee's employee number, sent to the hub instead of the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub employee: Option<String>,
    /// Employee numbers of the other trainees on this machine (meetings), by name.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub employees: std::collections::BTreeMap<String, String>,
    /// The branch's code on the hub (`REHEARSE_BRANCH` overrides it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// The branch's name, shown in the hub's reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_name: Option<String>,
    /// The hub's PostgreSQL connection string, without a password
    /// (`REHEARSE_HUB` overrides it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hub: Option<String>,
    /// Send trainees' names to the hub beside their employee numbers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hub_names: bool,
    /// Who runs the branch's meetings, named on their reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facilitator: Option<String>,
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
