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
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("library.rs");
    if let Err(e) = std::fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
}
