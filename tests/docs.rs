//! The repository stands alone: the README and everything in `docs/` link only to
//! files of this repository that exist (and to headings that exist in them), never
//! out of it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The Markdown files a reader of the repository is pointed at.
fn documents(root: &Path) -> Vec<PathBuf> {
    let mut files = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

/// The text outside fenced code blocks and inline code spans: what Markdown
/// renders as prose, where a link can be.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            out.push('\n');
            continue;
        }
        if fenced {
            out.push('\n');
            continue;
        }
        // Code spans: drop what is between backticks.
        let mut in_code = false;
        for part in line.split('`') {
            if !in_code {
                out.push_str(part);
            }
            in_code = !in_code;
        }
        out.push('\n');
    }
    out
}

/// GitHub's anchor for a heading: lower case, spaces as `-`, punctuation dropped.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c.to_lowercase().next().unwrap_or(c)),
            _ => None,
        })
        .collect()
}

fn anchors(text: &str) -> BTreeSet<String> {
    prose(text)
        .lines()
        .filter_map(|l| l.strip_prefix('#'))
        .map(|l| slug(l.trim_start_matches('#')))
        .collect()
}

/// Every link target in the prose: inline links and images `](target)`,
/// reference definitions `[x]: target`, autolinks `<scheme:…>`, and bare web
/// addresses that a renderer turns into links.
fn targets(text: &str) -> Vec<String> {
    let prose = prose(text);
    let mut found = Vec::new();
    for (i, _) in prose.match_indices("](") {
        let rest = &prose[i + 2..];
        if let Some(end) = rest.find(')') {
            let target = rest[..end].split_whitespace().next().unwrap_or("");
            found.push(target.trim_matches(['<', '>']).to_owned());
        }
    }
    for line in prose.lines() {
        let t = line.trim_start();
        if t.starts_with('[')
            && let Some(end) = t.find("]:")
        {
            found.push(
                t[end + 2..]
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_owned(),
            );
        }
    }
    for (i, _) in prose.match_indices('<') {
        let rest = &prose[i + 1..];
        if let Some(end) = rest.find('>') {
            let inside = &rest[..end];
            if inside.contains("://") || inside.starts_with("mailto:") {
                found.push(inside.to_owned());
            }
        }
    }
    for word in prose.split(|c: char| c.is_whitespace() || "()<>[]".contains(c)) {
        if word.starts_with("http://") || word.starts_with("https://") || word.starts_with("www.") {
            found.push(word.to_owned());
        }
    }
    // An autolink is also a bare address: each target once, in order.
    let mut seen = BTreeSet::new();
    found.retain(|t| seen.insert(t.clone()));
    found
}

/// What is wrong with the links of `file` (whose text is `text`) in a repository
/// rooted at `root`: one message per bad link.
fn problems(root: &Path, file: &Path, text: &str) -> Vec<String> {
    let root = root.canonicalize().expect("root");
    let mut out = Vec::new();
    for target in targets(text) {
        let bad = |why: &str| format!("{}: `{target}` {why}", file.display());
        let scheme = target
            .split_once(':')
            .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/') && !s.contains('#'));
        if target.is_empty() {
            out.push(bad("is an empty link"));
        } else if scheme || target.starts_with("//") || target.starts_with("www.") {
            out.push(bad("leaves the repository"));
        } else if target.starts_with('/') {
            out.push(bad("is an absolute path; link relative to the file"));
        } else {
            let (path, fragment) = match target.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (target.as_str(), None),
            };
            let resolved = if path.is_empty() {
                file.to_path_buf()
            } else {
                file.parent().unwrap_or(Path::new(".")).join(path)
            };
            match resolved.canonicalize() {
                Err(_) => out.push(bad("names no file")),
                Ok(real) if !real.starts_with(&root) => out.push(bad("leaves the repository")),
                Ok(real) => {
                    if let Some(fragment) = fragment
                        && real.extension().is_some_and(|e| e == "md")
                    {
                        let linked = std::fs::read_to_string(&real).unwrap_or_default();
                        if !anchors(&linked).contains(fragment) {
                            out.push(bad("names no heading"));
                        }
                    }
                }
            }
        }
    }
    out
}

#[test]
fn the_readme_and_docs_link_only_inside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = documents(root);
    for name in ["scenario-format.md", "matching.md", "authoring.md"] {
        assert!(
            files
                .iter()
                .any(|f| f.ends_with(Path::new("docs").join(name))),
            "docs/{name} is missing"
        );
    }
    let mut all = Vec::new();
    let mut links = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        links += targets(&text).len();
        all.extend(problems(root, file, &text));
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
    // The documents do link to each other; the check saw them.
    assert!(links >= 10, "only {links} links found");
}

#[test]
fn the_link_check_catches_every_kind_of_bad_link() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join("docs")).expect("mkdir");
    std::fs::write(root.join("docs/b.md"), "# Part two\n\n## 匹配规则 (v1)\n").expect("write");
    std::fs::write(dir.path().join("outside.md"), "# Out\n").expect("write");
    let text = "\
# Title

Good: [b](docs/b.md), [part](docs/b.md#part-two), [zh](docs/b.md#匹配规则-v1), [self](#title).
Bad: [web](https://example.com/x), [mail](mailto:a@b.c), [up](../outside.md),
[gone](docs/none.md), [abs](/etc/passwd), [anchor](docs/b.md#nowhere), <https://example.org>
and a bare http://example.net/page too.

[ref]: ftp://example.com/file

```sh
curl https://inside-a-code-block.example   # not a link
```

and `https://in-a-code-span.example` neither.
";
    let file = root.join("a.md");
    std::fs::write(&file, text).expect("write");
    let found = problems(&root, &file, text);
    let expected = [
        "`https://example.com/x` leaves the repository",
        "`mailto:a@b.c` leaves the repository",
        "`../outside.md` leaves the repository",
        "`docs/none.md` names no file",
        "`/etc/passwd` is an absolute path; link relative to the file",
        "`docs/b.md#nowhere` names no heading",
        "`ftp://example.com/file` leaves the repository",
        "`https://example.org` leaves the repository",
        "`http://example.net/page` leaves the repository",
    ];
    for e in expected {
        assert!(
            found.iter().any(|p| p.ends_with(e)),
            "not caught: {e}\n{found:#?}"
        );
    }
    assert_eq!(found.len(), expected.len(), "{found:#?}");
}
