//! Scenarios for unit tests, built from YAML through the real loader.

use std::path::Path;

use super::model::Scenario;
use crate::i18n::Lang;

/// The scenario `yaml` describes, loaded as the file `t.yaml`; a test whose YAML does
/// not load fails with the problems found.
#[track_caller]
pub fn scenario(yaml: &str) -> Scenario {
    match super::load::parse(Path::new("t.yaml"), yaml.as_bytes(), Lang::En) {
        Ok(s) => s,
        Err(problems) => panic!("the test scenario does not load: {problems:?}\n{yaml}"),
    }
}
