//! The layers of `src/`, as the README's design notes write them down: every
//! `crate::` path (and every `safe_println!`/`safe_eprintln!`, which print through
//! `report`) in a top-level module must name a module of a lower layer or itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Module name → layer number, from the README table between the two markers.
fn layers(readme: &str) -> BTreeMap<String, usize> {
    let start = readme
        .find("<!-- layers -->")
        .expect("README has a <!-- layers --> table");
    let end = readme[start..]
        .find("<!-- /layers -->")
        .expect("README closes the layers table")
        + start;
    let mut out = BTreeMap::new();
    for line in readme[start..end].lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let Some(layer) = cells.get(1).and_then(|c| c.parse::<usize>().ok()) else {
            continue;
        };
        for module in cells[2].split(',') {
            out.insert(module.trim().trim_matches('`').to_owned(), layer);
        }
    }
    out
}

/// The top-level modules a file's text names, with their line numbers.
fn imports(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    // Comments go: a doc link to another module is no dependency.
    let code: Vec<&str> = text
        .lines()
        .map(|l| l.find("//").map_or(l, |i| &l[..i]))
        .collect();
    for (n, line) in code.iter().enumerate() {
        if line.contains("safe_println!") || line.contains("safe_eprintln!") {
            out.push((n + 1, "report".to_owned()));
        }
        let mut rest = *line;
        while let Some(i) = rest.find("crate::") {
            let before = rest[..i].chars().next_back();
            rest = &rest[i + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            if let Some(inner) = rest.strip_prefix('{') {
                out.extend(group(&code, n, inner));
            } else {
                out.push((n + 1, ident(rest)));
            }
        }
    }
    out
}

/// The first names of `use crate::{a::b, c, …}`, which may span lines.
fn group(code: &[&str], first: usize, after_brace: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut expect_name = true;
    let lines = std::iter::once(after_brace).chain(code[first + 1..].iter().copied());
    for (k, line) in lines.enumerate() {
        for (i, c) in line.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => return out,
                '}' => depth -= 1,
                ',' if depth == 0 => expect_name = true,
                c if expect_name && (c.is_alphabetic() || c == '_') => {
                    out.push((first + k + 1, ident(&line[i..])));
                    expect_name = false;
                }
                _ => {}
            }
        }
    }
    out
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The top-level module a file under `src/` belongs to (`None` for lib.rs, main.rs).
fn module_of(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_owned())
}

/// Every import that goes up or sideways, or names a module the table lacks.
fn violations(layers: &BTreeMap<String, usize>, files: &[(PathBuf, String)]) -> Vec<String> {
    let mut out = Vec::new();
    for (rel, text) in files {
        let Some(from) = module_of(rel) else {
            continue;
        };
        let Some(&own) = layers.get(&from) else {
            out.push(format!("src/{}: `{from}` is in no layer", rel.display()));
            continue;
        };
        for (line, to) in imports(text) {
            if to == from || matches!(to.as_str(), "self" | "super") {
                continue;
            }
            match layers.get(&to) {
                None => out.push(format!(
                    "src/{}:{line}: `{to}` is in no layer",
                    rel.display()
                )),
                Some(&theirs) if theirs >= own => out.push(format!(
                    "src/{}:{line}: `{from}` (layer {own}) imports `{to}` (layer {theirs})",
                    rel.display()
                )),
                Some(_) => {}
            }
        }
    }
    out
}

fn rust_files(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    for entry in std::fs::read_dir(dir).expect("read src/") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("read a source file");
            let rel = path.strip_prefix(root).expect("under src/").to_owned();
            out.push((rel, text));
        }
    }
}

#[test]
fn every_import_runs_down_the_layers_of_the_readme() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let layers = layers(&readme);
    assert!(
        layers.len() >= 10,
        "the table names the modules: {layers:?}"
    );
    let mut files = Vec::new();
    rust_files(&root.join("src"), &root.join("src"), &mut files);
    assert!(files.len() > 50, "src/ was walked");
    let found = violations(&layers, &files);
    assert!(
        found.is_empty(),
        "imports against the layers:\n{}",
        found.join("\n")
    );
}

const TABLE: &str = "<!-- layers -->\n| layer | modules |\n|---|---|\n\
    | 1 | `text` |\n| 2 | `scenario`, `record` |\n| 3 | `store`, `report` |\n<!-- /layers -->";

fn check(files: &[(&str, &str)]) -> Vec<String> {
    let files: Vec<(PathBuf, String)> = files
        .iter()
        .map(|(p, t)| (PathBuf::from(p), (*t).to_owned()))
        .collect();
    violations(&layers(TABLE), &files)
}

#[test]
fn the_checker_reads_the_table() {
    let l = layers(TABLE);
    assert_eq!(l.get("text"), Some(&1));
    assert_eq!(l.get("record"), Some(&2));
    assert_eq!(l.get("report"), Some(&3));
    assert_eq!(l.len(), 5);
}

#[test]
fn the_checker_refuses_upward_and_sibling_imports() {
    let found = check(&[
        (
            "scenario/load.rs",
            "use crate::text::normalize;\nuse crate::store::Store;\n",
        ),
        ("report/progress.rs", "use crate::store::RunRecord;\n"),
        ("text/mod.rs", "fn f() { crate::report::safe::stdout(); }\n"),
    ]);
    assert_eq!(
        found,
        [
            "src/scenario/load.rs:2: `scenario` (layer 2) imports `store` (layer 3)",
            "src/report/progress.rs:1: `report` (layer 3) imports `store` (layer 3)",
            "src/text/mod.rs:1: `text` (layer 1) imports `report` (layer 3)",
        ]
    );
}

#[test]
fn the_checker_reads_groups_macros_and_skips_comments() {
    let found = check(&[(
        "record.rs",
        "//! See [`crate::report`].\nuse crate::{\n    text::x,\n    store::{A, B},\n};\n\
         fn f() { safe_println!(\"hi\"); } // crate::report\n",
    )]);
    assert_eq!(
        found,
        [
            "src/record.rs:4: `record` (layer 2) imports `store` (layer 3)",
            "src/record.rs:6: `record` (layer 2) imports `report` (layer 3)",
        ]
    );
}

#[test]
fn the_checker_names_modules_missing_from_the_table() {
    let found = check(&[
        ("hub/mod.rs", "use crate::text::x;\n"),
        ("report/mod.rs", "use crate::hub::Y;\nuse crate::text::z;\n"),
        ("lib.rs", "pub mod hub;\n"),
    ]);
    assert_eq!(
        found,
        [
            "src/hub/mod.rs: `hub` is in no layer",
            "src/report/mod.rs:1: `hub` is in no layer",
        ]
    );
}
