//! Tables compiled in from a generated source file: the test that keeps each file
//! equal to the code it is generated from (`REHEARSE_WRITE_TABLES=1 cargo test --lib
//! tables_are_current` writes them again; twice after a change to the conversion
//! data, since the tables of normalisation are worked out with the conversion tables
//! compiled in).

/// Asserts that the file at `path` (under the crate's folder) holds `expected`;
/// writes it first when `REHEARSE_WRITE_TABLES` is set.
#[track_caller]
pub(crate) fn assert_current(path: &str, expected: &str) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("REHEARSE_WRITE_TABLES").is_some() {
        std::fs::write(&path, expected).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let compiled = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        compiled == expected,
        "{} is out of date: REHEARSE_WRITE_TABLES=1 cargo test --lib tables_are_current",
        path.display()
    );
}

/// The header of a generated file: what it holds, then who writes it.
pub(crate) fn header(what: &str, writer: &str) -> String {
    format!(
        "{what}\n//! Written by `{writer}` (`REHEARSE_WRITE_TABLES=1 cargo test --lib\n\
         //! tables_are_current`), which also holds it equal to the code it comes from: do\n\
         //! not edit.\n\n"
    )
}

/// `(char, char)` pairs as the body of a static slice, a few to a line.
pub(crate) fn char_pairs(pairs: &[(char, char)]) -> String {
    let mut out = String::new();
    for row in pairs.chunks(8) {
        for &(a, b) in row {
            out.push_str(&format!("({},{}),", literal(a), literal(b)));
        }
        out.push('\n');
    }
    out
}

/// A char literal: the char itself when it is an ideograph or an ASCII letter or
/// digit, an escape otherwise (so that no invisible, combining or right-to-left
/// char is written as it is).
fn literal(c: char) -> String {
    let plain = c.is_ascii_alphanumeric()
        || matches!(u32::from(c), 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0x20000..=0x3FFFF);
    if plain {
        format!("'{c}'")
    } else {
        format!("'\\u{{{:x}}}'", u32::from(c))
    }
}
