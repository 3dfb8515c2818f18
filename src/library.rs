//! Finding scenarios: files under `./scenarios` first, then the library compiled
//! into the binary (`build.rs` embeds `scenarios/`).

use std::path::{Path, PathBuf};

use crate::error::{Error, Near, Result};
use crate::i18n::Lang;
use crate::scenario::load::{self, yaml_files};
use crate::scenario::model::Scenario;
use crate::scenario::validate::valid_id;
use crate::yaml::{self, FileKind, MAX_FILE_BYTES, Positions};

include!(concat!(env!("OUT_DIR"), "/library.rs"));

/// The folder searched before the built-in library.
pub const LOCAL_DIR: &str = "scenarios";

/// A loaded scenario with where it came from and the bytes it was read from
/// (hashed into progress records, so an edited scenario is told apart).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub scenario: Scenario,
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// The id a file declares, if it can be read that far; used to report an invalid
/// file under the id the user asked for instead of "unknown id".
fn declared_id(bytes: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(bytes).ok()?;
    Positions::top_level_scalar(text, "id")
}

/// The known scenarios near an id that is none of them, with their titles.
fn near(arg: &str, files: &[Vec<u8>]) -> Vec<Near> {
    let known: Vec<(String, String)> = files
        .iter()
        .map(Vec::as_slice)
        .chain(BUILTIN.iter().map(|(_, bytes)| *bytes))
        .filter_map(|bytes| {
            let text = std::str::from_utf8(bytes).ok()?;
            let id = Positions::top_level_scalar(text, "id")?;
            let title = Positions::top_level_scalar(text, "title").unwrap_or_default();
            Some((id, title))
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    crate::text::suggest::near_titled(
        arg,
        known
            .iter()
            .filter(|(id, _)| seen.insert(id.as_str()))
            .map(|(id, title)| (id.as_str(), title.as_str())),
    )
}

fn builtin_path(rel: &str) -> PathBuf {
    Path::new(LOCAL_DIR).join(rel)
}

/// Loads `arg`: a path to a file, else a scenario id. Text that is neither a file
/// nor written like a path (no folder, no extension: `投诉`, `Spin-Quick-Wealth`) is
/// taken as a mistyped id, so the ids near it can be suggested.
pub fn resolve(arg: &str, lang: Lang) -> Result<Loaded> {
    let path = Path::new(arg);
    let like_a_path = path.exists() || arg.contains(['/', '\\']) || path.extension().is_some();
    if path.is_file() || (!valid_id(arg) && like_a_path) {
        let (scenario, bytes) = load::load_file(path, lang)?;
        return Ok(Loaded {
            scenario,
            path: path.to_owned(),
            bytes,
        });
    }
    // Every local file read on the way, for a "did you mean" when none is `arg`.
    let mut seen: Vec<Vec<u8>> = Vec::new();
    let local = Path::new(LOCAL_DIR);
    if local.is_dir() {
        for file in yaml_files(local)? {
            let Ok(bytes) = yaml::read_limited(&file, MAX_FILE_BYTES, FileKind::Scenario, lang)
            else {
                continue;
            };
            if declared_id(&bytes).as_deref() != Some(arg) {
                seen.push(bytes);
                continue;
            }
            let scenario = load::parse(&file, &bytes, lang)
                .map_err(|problems| Error::ScenarioInvalid { problems })?;
            return Ok(Loaded {
                scenario,
                path: file,
                bytes,
            });
        }
    }
    for (rel, bytes) in BUILTIN {
        if declared_id(bytes).as_deref() == Some(arg) {
            let path = builtin_path(rel);
            let scenario = load::parse(&path, bytes, lang)
                .map_err(|problems| Error::ScenarioInvalid { problems })?;
            return Ok(Loaded {
                scenario,
                path,
                bytes: bytes.to_vec(),
            });
        }
    }
    Err(Error::UnknownScenario {
        id: arg.to_owned(),
        near: near(arg, &seen),
    })
}

/// Every valid scenario available: `./scenarios` first, then built-in ones whose id
/// is not already taken. Invalid files are skipped here; `rehearse check` reports them.
pub fn all(lang: Lang) -> Vec<Loaded> {
    let mut out: Vec<Loaded> = Vec::new();
    let local = Path::new(LOCAL_DIR);
    if local.is_dir() {
        for file in yaml_files(local).unwrap_or_default() {
            if let Ok((scenario, bytes)) = load::load_file(&file, lang) {
                out.push(Loaded {
                    scenario,
                    path: file,
                    bytes,
                });
            }
        }
    }
    for (rel, bytes) in BUILTIN {
        let path = builtin_path(rel);
        if let Ok(scenario) = load::parse(&path, bytes, lang)
            && !out.iter().any(|l| l.scenario.id == scenario.id)
        {
            out.push(Loaded {
                scenario,
                path,
                bytes: bytes.to_vec(),
            });
        }
    }
    out
}
