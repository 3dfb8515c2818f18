//! Turns SQLite and file-system failures into `Error::Store` with a message a
//! trainer can act on. Every message that concerns an existing file says that the
//! file was left alone, because the first fear on seeing an error about a progress
//! database is that the history in it is gone.

use std::path::Path;

use rusqlite::ErrorCode;

use crate::error::Error;

pub(super) const NOT_A_DATABASE: &str =
    "not a rehearse progress database (file is not a database); it was left untouched";
pub(super) const FOREIGN_DATABASE: &str = "a SQLite database, but not a rehearse progress \
     database (it has tables and no `meta` table); it was left untouched";
pub(super) const CORRUPT: &str =
    "the database is corrupt; it was left untouched (restore it from a backup)";
pub(super) const IS_DIRECTORY: &str = "is a directory, not a database file";
pub(super) const READ_ONLY: &str =
    "cannot write to the database (the file or its directory is read-only)";
pub(super) const BUSY: &str =
    "another rehearse kept the database locked for too long; nothing was recorded, try again";

/// `made by a newer rehearse` is the phrase the brief and the tests look for; the
/// numbers tell a trainer which side to upgrade.
pub(super) fn newer(found: i64, known: i64) -> String {
    format!(
        "made by a newer rehearse (format_version {found}; this rehearse reads up to \
         {known}); it was left untouched, upgrade rehearse to use it"
    )
}

pub(super) fn bad_version(value: &str) -> String {
    format!("the `meta` table has an unusable format_version ({value}); it was left untouched")
}

pub(super) fn store(path: &Path, message: impl Into<String>) -> Error {
    Error::Store {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

pub(super) fn io(path: &Path, doing: &str, err: &std::io::Error) -> Error {
    store(path, format!("cannot {doing}: {err}"))
}

/// `doing` says what the store was about to do ("open", "record the run", ...), so
/// that an error from the middle of a query still reads as a sentence.
pub(super) fn sqlite(path: &Path, doing: &str, err: &rusqlite::Error) -> Error {
    let message = match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => NOT_A_DATABASE.to_string(),
        Some(ErrorCode::DatabaseCorrupt) => format!("{CORRUPT}: {err}"),
        Some(ErrorCode::ReadOnly) => READ_ONLY.to_string(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            format!("cannot {doing}: {BUSY} ({err})")
        }
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            format!("cannot open the file: {err}")
        }
        _ => format!("cannot {doing}: {err}"),
    };
    store(path, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::ffi;

    #[track_caller]
    fn case(code: i32, expected: &str) {
        let err = rusqlite::Error::SqliteFailure(ffi::Error::new(code), None);
        let Error::Store { path, message } = sqlite(Path::new("p.db"), "read runs", &err) else {
            panic!("not Error::Store");
        };
        assert_eq!(path, Path::new("p.db"));
        assert!(
            message.contains(expected),
            "code {code}: `{message}` lacks `{expected}`"
        );
    }

    #[test]
    fn sqlite_codes_become_messages() {
        case(ffi::SQLITE_NOTADB, "file is not a database");
        case(ffi::SQLITE_NOTADB, "left untouched");
        case(ffi::SQLITE_CORRUPT, "corrupt");
        case(ffi::SQLITE_READONLY, "read-only");
        case(ffi::SQLITE_BUSY, "locked");
        case(ffi::SQLITE_CANTOPEN, "cannot open");
        case(ffi::SQLITE_CONSTRAINT, "cannot read runs");
    }

    #[test]
    fn newer_names_both_versions() {
        let m = newer(7, 1);
        assert!(m.contains("made by a newer rehearse"), "{m}");
        assert!(m.contains('7') && m.contains('1'), "{m}");
    }
}
