//! Scenario files → validated [`Scenario`]s, with every problem located as
//! `file:line:column: path: message`.
//!
//! Three layers: bytes (size limit, UTF-8), serde through the guarded [`yaml`]
//! reader (syntax, unknown fields, types, nesting and alias expansion), then the
//! semantic checks of [`super::validate`] on the raw structs, which report every
//! problem they see, not just the first. A valid file is parsed once, by serde; the
//! positions of its values are found only when there is a problem to place.

use std::borrow::Borrow;
use std::path::{Path, PathBuf};

use crate::error::{Error, Located, Result};
use crate::i18n::{Lang, msg};
use crate::yaml::{self, FileKind, MAX_FILE_BYTES, OnDemand, Pos, located};

use super::lexicon::{self, Applying, Lexicon};
use super::model::Scenario;
use super::raw::RawScenario;
use super::validate::Validator;

/// Reads and validates one scenario file.
pub fn load_file(path: &Path, lang: Lang) -> Result<(Scenario, Vec<u8>)> {
    let bytes = yaml::read_limited(path, MAX_FILE_BYTES, FileKind::Scenario, lang)?;
    let scenario =
        parse(path, &bytes, lang).map_err(|problems| Error::ScenarioInvalid { problems })?;
    Ok((scenario, bytes))
}

/// Validates a scenario from its bytes; `path` is only used in messages.
pub fn parse(path: &Path, bytes: &[u8], lang: Lang) -> Result<Scenario, Vec<Located>> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(vec![located(
            path,
            Pos { line: 1, column: 1 },
            msg::FILE_TOO_LARGE.fill(
                lang,
                &[
                    &bytes.len(),
                    &FileKind::Scenario.name(lang),
                    &MAX_FILE_BYTES,
                ],
            ),
        )]);
    }
    let text = yaml::utf8(path, bytes, lang).map_err(|e| vec![e])?;
    parse_text(path, text, lang)
}

/// [`parse`] from text already read as UTF-8 (a byte-order mark left out), within
/// [`MAX_FILE_BYTES`].
pub fn parse_text(path: &Path, text: &str, lang: Lang) -> Result<Scenario, Vec<Located>> {
    parse_text_in(path, text, lang, || Lexicon::for_file(path, lang))
}

/// [`parse_text`] with the lexicon that applies to the file given by `lexicon`, called
/// once the file is read (`check` reads each folder's lexicon once).
pub fn parse_text_in<L: Borrow<Applying>>(
    path: &Path,
    text: &str,
    lang: Lang,
    lexicon: impl FnOnce() -> Result<L, Vec<Located>>,
) -> Result<Scenario, Vec<Located>> {
    if text.trim().is_empty() {
        let m = msg::EMPTY_FILE.get(lang).to_owned();
        return Err(vec![located(path, Pos { line: 1, column: 1 }, m)]);
    }
    let raw: RawScenario = yaml::from_yaml_shaped(path, text, lang).map_err(|e| vec![e])?;
    // Walked only if there is a problem to place.
    let positions = OnDemand::new(text);
    let lexicon = lexicon()?;
    let mut v = Validator::new(path, lang, &positions, lexicon.borrow());
    let scenario = v.scenario(raw);
    v.finish().map(|()| scenario)
}

/// Every `.yaml`/`.yml` file under `dir`, recursively, sorted; a branch's lexicon
/// files (`lexicon.yaml`) are not scenarios and are left out.
pub fn yaml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| Error::io(&d, e))?;
        for entry in entries {
            let path = entry.map_err(|e| Error::io(&d, e))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if is_yaml(&path) && !lexicon::is_lexicon_file(&path) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

pub fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{from_yaml, from_yaml_shaped};

    /// The one-pass reader gives what the guarded one does, value or located problem,
    /// on files the guard refuses (too deep, tags, aliases past the limit) and on
    /// files serde refuses or accepts.
    #[test]
    fn one_pass_reading_gives_the_guarded_verdicts() {
        let head = "id: a\ntitle: t\nskill: phone\n";
        let deep = format!("{head}steps: {}{}\n", "[".repeat(40), "]".repeat(40));
        let bomb = format!(
            "{head}a: &x [\"0123456789\"]\nb: &y [{}]\nsteps: [{}]\n",
            vec!["*x"; 1000].join(", "),
            vec!["*y"; 1000].join(", ")
        );
        let cases = [
            format!("{head}steps:\n  - id: s\n    customer: 喂\n"),
            format!("{head}steps: [{{id: s, customer: 喂}}]\nextra: 1\n"),
            format!("{head}difficulty: !!int 3\nsteps: [{{id: s, customer: 喂}}]\n"),
            format!("{head}title2: !mine x\nsteps: [{{id: s, customer: 喂}}]\n"),
            "id: a\ntitle: !!str t\nskill: phone\nsteps: [{id: s, customer: 喂}]\n".to_owned(),
            "id: a\ntitle: !mine t\nskill: phone\nsteps: [{id: s, customer: 喂}]\n".to_owned(),
            format!("{head}steps: [{{id: s, customer: \"喂!\"}}]\n"),
            format!("{head}steps: [{{id: s, customer: 喂!,  task: \"!x\"}}]\n"),
            format!("{head}steps: [{{id: s, customer: 喂!!str}}]\n"),
            format!("{head}steps: [{{id: s, customer: [一,!mine 二]}}]\n"),
            format!("{head}steps: [{{id: s, customer: [一,*x]}}]\n"),
            format!("{head}steps:\n- id: s\n  customer:\n  -\t!mine 二\n"),
            format!("{head}steps: [{{id: &s s, customer: *s}}]\n"),
            format!("{head}steps: [{{id: s, customer: 喂}}]\n---\nid: b\n"),
            deep,
            bomb,
        ];
        let path = Path::new("s.yaml");
        for text in &cases {
            let guarded = from_yaml::<RawScenario>(path, text, Lang::En);
            let shaped = from_yaml_shaped::<RawScenario>(path, text, Lang::En);
            assert_eq!(format!("{shaped:?}"), format!("{guarded:?}"), "{text}");
        }
        // The cases do reach each guard.
        let refused = |t: &str| from_yaml::<RawScenario>(path, t, Lang::En).err();
        let n = cases.len();
        for i in [5, 9] {
            assert!(
                refused(&cases[i]).is_some_and(|p| p.message.contains("`!mine`")),
                "{}",
                cases[i]
            );
        }
        assert!(refused(&cases[n - 2]).is_some_and(|p| p.message.contains("deep")));
        assert!(refused(&cases[n - 1]).is_some_and(|p| p.message.contains("aliases")));
    }
}
