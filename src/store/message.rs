//! Turns SQLite and file-system failures into `Error::Store` with a problem a
//! trainer can act on (rendered by the catalogue). Every problem that concerns an
//! existing file says that the file was left alone, because the first fear on seeing
//! an error about a progress database is that the history in it is gone.

use std::path::Path;

use rusqlite::ErrorCode;

use crate::error::{Error, StoreProblem, StoreTask};

pub(super) fn store(path: &Path, problem: StoreProblem) -> Error {
    Error::Store {
        path: path.to_path_buf(),
        problem,
    }
}

pub(super) fn io(path: &Path, task: StoreTask, err: &std::io::Error) -> Error {
    let detail = err.to_string();
    store(path, StoreProblem::Failed { task, detail })
}

/// `task` says what the store was about to do, so that an error from the middle of
/// a query still reads as a sentence.
pub(super) fn sqlite(path: &Path, task: StoreTask, err: &rusqlite::Error) -> Error {
    let detail = err.to_string();
    let problem = match err.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreProblem::NotADatabase,
        Some(ErrorCode::DatabaseCorrupt) => StoreProblem::Corrupt { detail },
        Some(ErrorCode::ReadOnly) => StoreProblem::ReadOnly,
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            StoreProblem::Busy { task, detail }
        }
        Some(ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            StoreProblem::CannotOpen { detail }
        }
        _ => StoreProblem::Failed { task, detail },
    };
    store(path, problem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, render_error};
    use rusqlite::ffi;

    #[track_caller]
    fn case(code: i32, expected: &str, zh: &str) {
        let err = rusqlite::Error::SqliteFailure(ffi::Error::new(code), None);
        let e = sqlite(Path::new("p.db"), StoreTask::ReadRuns, &err);
        let Error::Store { path, .. } = &e else {
            panic!("not Error::Store: {e:?}");
        };
        assert_eq!(path, Path::new("p.db"));
        let message = render_error(&e, Lang::En);
        assert!(
            message.starts_with("p.db: progress database: "),
            "{message}"
        );
        assert!(
            message.contains(expected),
            "code {code}: `{message}` lacks `{expected}`"
        );
        let message = render_error(&e, Lang::Zh);
        assert!(message.starts_with("p.db: 学习记录数据库: "), "{message}");
        assert!(
            message.contains(zh),
            "code {code}: `{message}` lacks `{zh}`"
        );
    }

    #[test]
    fn sqlite_codes_become_problems_rendered_in_both_languages() {
        case(ffi::SQLITE_NOTADB, "file is not a database", "不是数据库");
        case(ffi::SQLITE_NOTADB, "left untouched", "未做任何改动");
        case(ffi::SQLITE_CORRUPT, "corrupt", "已损坏");
        case(ffi::SQLITE_READONLY, "read-only", "只读");
        case(ffi::SQLITE_BUSY, "locked", "锁定");
        case(ffi::SQLITE_CANTOPEN, "cannot open", "无法打开");
        case(
            ffi::SQLITE_CONSTRAINT,
            "cannot read the runs",
            "无法读取练习记录",
        );
    }
}
