//! Embeds the shipped scenario library (`scenarios/`) into the binary, so an
//! installed `rehearse` works from any folder.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) && !matches!(
            path.file_name().and_then(|n| n.to_str()),
            Some("lexicon.yaml" | "lexicon.yml")
        ) {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dir = root.join("scenarios");
    println!("cargo:rerun-if-changed=scenarios");
    // A branch's own lexicon files are not scenarios; the shipped lexicon is
    // `lexicon/service.yaml`, compiled in by `scenario::lexicon`.
    let mut files = Vec::new();
    collect(&dir, &mut files);
    files.sort();
    let mut code =
        String::from("/// The shipped scenarios: (path under `scenarios/`, file content).\n");
    code.push_str("pub static BUILTIN: &[(&str, &[u8])] = &[\n");
    let mut summaries = String::from(
        "/// What `list` shows of each shipped scenario, in `BUILTIN` order, read at build\n\
         /// time from the file's top-level lines (`None` when they are not plain).\n\
         pub static BUILTIN_SUMMARIES: &[Option<(&str, &str, &str, u8)>] = &[\n",
    );
    for f in &files {
        let rel = f
            .strip_prefix(&dir)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_bytes!({:?})),",
            f.display().to_string()
        );
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let _ = match summary(&text) {
            Some((id, title, skill, difficulty)) => writeln!(
                summaries,
                "    Some(({id:?}, {title:?}, {skill:?}, {difficulty})),"
            ),
            None => writeln!(summaries, "    None,"),
        };
    }
    code.push_str("];\n");
    summaries.push_str("];\n");
    code.push_str(&summaries);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("library.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}

/// A top-level `key: value` line's value when it is a plain one-line scalar that
/// needs no YAML to read (no quotes, block, anchor, alias, tag, flow or comment).
fn plain_value<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let mut found = None;
    for line in text.lines() {
        let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) else {
            continue;
        };
        if found.is_some() {
            return None;
        }
        let value = rest.trim();
        let plain = !value.is_empty()
            && !value.starts_with([
                '"', '\'', '|', '>', '&', '*', '!', '[', '{', '#', '%', '@', '`', '-', '?', ',',
                ']', '}',
            ])
            && !value.contains(" #")
            && !value.contains(": ")
            && !value.ends_with(':');
        if !plain || !rest.starts_with(' ') {
            return None;
        }
        found = Some(value);
    }
    found
}

/// (id, title, skill, difficulty) of a shipped scenario, read without a YAML parser;
/// `None` sends the file to the full parser at run time. A unit test holds every
/// summary equal to what the parser reads.
fn summary(text: &str) -> Option<(&str, &str, &str, u8)> {
    let difficulty = plain_value(text, "difficulty")?.parse().ok()?;
    Some((
        plain_value(text, "id")?,
        plain_value(text, "title")?,
        plain_value(text, "skill")?,
        difficulty,
    ))
}
