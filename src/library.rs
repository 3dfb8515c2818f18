//! Finding scenarios: files under `./scenarios` first, then the library compiled
//! into the binary (`build.rs` embeds `scenarios/`).

mod cache;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, Near, Result};
use crate::i18n::Lang;
use crate::scenario::load::{self, yaml_files};
use crate::scenario::model::{Scenario, Skill, Summary, step_title};
use crate::scenario::raw::RawScenario;
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

/// The scenario file at `path`, read in full.
fn load_local(path: &Path, lang: Lang) -> Result<Loaded> {
    let (scenario, bytes) = load::load_file(path, lang)?;
    Ok(Loaded {
        scenario,
        path: path.to_owned(),
        bytes,
    })
}

/// Built-in scenario `b`, read in full.
fn load_builtin(b: usize, lang: Lang) -> Result<Loaded> {
    let (rel, bytes) = BUILTIN[b];
    let path = builtin_path(rel);
    let scenario =
        load::parse(&path, bytes, lang).map_err(|problems| Error::ScenarioInvalid { problems })?;
    Ok(Loaded {
        scenario,
        path,
        bytes: bytes.to_vec(),
    })
}

/// Loads `arg`: a path to a file, else a scenario id. Text that is neither a file
/// nor written like a path (no folder, no extension: `投诉`, `Spin-Quick-Wealth`) is
/// taken as a mistyped id, so the ids near it can be suggested.
pub fn resolve(arg: &str, lang: Lang) -> Result<Loaded> {
    let path = Path::new(arg);
    let like_a_path = path.exists() || arg.contains(['/', '\\']) || path.extension().is_some();
    if path.is_file() || (!valid_id(arg) && like_a_path) {
        return load_local(path, lang);
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
    if let Some(b) = BUILTIN
        .iter()
        .position(|(_, bytes)| declared_id(bytes).as_deref() == Some(arg))
    {
        return load_builtin(b, lang);
    }
    Err(Error::UnknownScenario {
        id: arg.to_owned(),
        near: near(arg, &seen),
    })
}

/// Where a listed scenario is read from in full.
#[derive(Debug, Clone)]
enum Source {
    Local(PathBuf),
    Builtin(usize),
}

/// Every valid scenario available, as listed: `./scenarios` first, then the built-in
/// scenarios whose id is not already taken. Invalid files are left out here;
/// `rehearse check` reports them. Only what `list`, `progress`, `history` and the
/// menus show of each scenario is held ([`Summary`]): the local folder's read through
/// its summary cache (see [`cache`]; the files not in it, or changed since, are
/// parsed on every core), the built-in library's prepared at build time. A scenario
/// is read in full only when it is played or its steps are reported ([`Library::load`]).
#[derive(Debug, Clone)]
pub struct Library {
    /// In library order; a duplicated id in `./scenarios` appears once per file (the
    /// first is the one an id resolves to).
    pub summaries: Vec<Summary>,
    sources: Vec<Source>,
    lang: Lang,
}

impl Library {
    pub fn read(lang: Lang) -> Library {
        let local = Path::new(LOCAL_DIR);
        let (mut summaries, mut sources): (Vec<Summary>, Vec<Source>) = if local.is_dir() {
            local_summaries(local, lang)
                .into_iter()
                .map(|(summary, path)| (summary, Source::Local(path)))
                .unzip()
        } else {
            (Vec::new(), Vec::new())
        };
        let mut taken: HashSet<String> = summaries.iter().map(|s| s.id.clone()).collect();
        for (i, (rel, bytes)) in BUILTIN.iter().enumerate() {
            let summary = match prepared_summary(i) {
                Some(s) => s,
                None => match load::parse(&builtin_path(rel), bytes, lang) {
                    Ok(scenario) => scenario.summary(),
                    Err(_) => continue,
                },
            };
            if taken.insert(summary.id.clone()) {
                summaries.push(summary);
                sources.push(Source::Builtin(i));
            }
        }
        Library {
            summaries,
            sources,
            lang,
        }
    }

    /// The index of the first scenario with `id`.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.summaries.iter().position(|s| s.id == id)
    }

    /// Scenario `i` read in full, from the file it was listed from. A file changed
    /// since it was listed is read as it is now, so it may have become invalid.
    pub fn load(&self, i: usize) -> Result<Loaded> {
        match self.sources.get(i) {
            Some(Source::Local(path)) => load_local(path, self.lang),
            Some(&Source::Builtin(b)) => load_builtin(b, self.lang),
            None => Err(Error::UnknownScenario {
                id: self
                    .summaries
                    .get(i)
                    .map(|s| s.id.clone())
                    .unwrap_or_default(),
                near: Vec::new(),
            }),
        }
    }

    /// The (id, title) of each step of scenario `i` as [`Step::title`] names it,
    /// read from its file without validating it again (the listing says it is
    /// valid); `None` when the file no longer reads as YAML.
    ///
    /// [`Step::title`]: crate::scenario::model::Step::title
    pub fn step_titles(&self, i: usize) -> Option<Vec<(String, String)>> {
        let (path, bytes) = match self.sources.get(i)? {
            Source::Local(path) => (
                path.clone(),
                yaml::read_limited(path, MAX_FILE_BYTES, FileKind::Scenario, self.lang).ok()?,
            ),
            &Source::Builtin(b) => (builtin_path(BUILTIN[b].0), BUILTIN[b].1.to_vec()),
        };
        let text = yaml::utf8(&path, &bytes, self.lang).ok()?;
        let raw: RawScenario = yaml::from_yaml(&path, text, self.lang).ok()?;
        Some(
            raw.steps
                .iter()
                .map(|s| {
                    let title = step_title(&s.id, s.title.as_deref(), s.task.as_deref());
                    (s.id.clone(), title.into_owned())
                })
                .collect(),
        )
    }
}

/// What `list` shows of every valid scenario available, in library order (see
/// [`Library`]).
pub fn summaries(lang: Lang) -> Vec<Summary> {
    Library::read(lang).summaries
}

/// The summary of built-in scenario `i` prepared at build time, if it could be.
fn prepared_summary(i: usize) -> Option<Summary> {
    let (id, title, skill, difficulty) = BUILTIN_SUMMARIES.get(i).copied().flatten()?;
    Some(Summary {
        id: id.to_owned(),
        title: title.to_owned(),
        skill: Skill::parse(skill)?,
        difficulty,
    })
}

/// The summaries of the valid scenario files under `dir` with their paths, in file
/// order.
fn local_summaries(dir: &Path, lang: Lang) -> Vec<(Summary, PathBuf)> {
    let files = yaml_files(dir).unwrap_or_default();
    let mut cache = cache::dir().and_then(|d| {
        let folder = std::path::absolute(dir).ok()?;
        Some(cache::Cache::open(&d, &folder))
    });
    let mut lexicons: HashMap<PathBuf, (u64, bool)> = HashMap::new();
    let mut found: Vec<Option<Summary>> = vec![None; files.len()];
    let mut misses = Vec::new();
    for (i, file) in files.iter().enumerate() {
        // Gone since the folder was read: left out, as an unreadable file is.
        let Ok(meta) = std::fs::metadata(file) else {
            continue;
        };
        let folder = crate::atomic::folder(file).to_owned();
        let (lexicon, racy) = *lexicons.entry(folder).or_insert_with_key(|folder| {
            let applying = crate::scenario::lexicon::branch_files_in(folder)
                .into_iter()
                .map(|f| {
                    let stamp = std::fs::metadata(&f).ok().map(|m| cache::Stamp::of(&m));
                    (f, stamp)
                })
                .collect::<Vec<_>>();
            let racy = cache.as_ref().is_some_and(|c| c.racy_lexicon(&applying));
            (cache::lexicon_digest(&applying), racy)
        });
        let key = cache::Key {
            stamp: cache::Stamp::of(&meta),
            lexicon,
            racy,
        };
        match cache.as_mut().and_then(|c| c.lookup(file, key)) {
            Some(hit) => found[i] = hit,
            None => misses.push((i, key)),
        }
    }
    let parsed = crate::pool::map(&misses, |&(i, _)| {
        load::load_file(&files[i], lang)
            .ok()
            .map(|(scenario, _)| scenario.summary())
    });
    for ((i, key), summary) in misses.into_iter().zip(parsed) {
        if let Some(c) = cache.as_mut() {
            c.store(&files[i], key, summary.as_ref());
        }
        found[i] = summary;
    }
    if let Some(c) = cache {
        c.save();
    }
    found
        .into_iter()
        .zip(files)
        .filter_map(|(summary, path)| Some((summary?, path)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_prepared_at_build_time_are_what_the_parser_reads() {
        assert_eq!(BUILTIN_SUMMARIES.len(), BUILTIN.len());
        let mut prepared = 0;
        for (i, (rel, bytes)) in BUILTIN.iter().enumerate() {
            let parsed = load::parse(&builtin_path(rel), bytes, Lang::En)
                .unwrap_or_else(|e| panic!("{rel}: {e:?}"))
                .summary();
            if let Some(s) = prepared_summary(i) {
                assert_eq!(s, parsed, "{rel}");
                prepared += 1;
            }
        }
        // The shipped files all start with plain top-level lines.
        assert_eq!(prepared, BUILTIN.len());
    }

    #[test]
    fn step_titles_read_without_validating_are_the_validated_steps_titles() {
        // The built-in library alone (the local folder is the user's).
        let library = Library {
            summaries: Vec::new(),
            sources: (0..BUILTIN.len()).map(Source::Builtin).collect(),
            lang: Lang::En,
        };
        let mut from_tasks = 0;
        for (i, (rel, _)) in BUILTIN.iter().enumerate() {
            let full = library.load(i).expect("a shipped scenario loads").scenario;
            let expected: Vec<(String, String)> = full
                .steps
                .iter()
                .map(|s| (s.id.clone(), s.title().into_owned()))
                .collect();
            from_tasks += full.steps.iter().filter(|s| s.title.is_none()).count();
            assert_eq!(library.step_titles(i), Some(expected), "{rel}");
        }
        assert!(from_tasks > 0, "some steps are named after their task");
    }
}
