//! The one error type. Every variant carries its context and knows its exit code;
//! it is rendered once, by `app`, in the user's language.

use std::path::PathBuf;

/// Exit codes, documented in the README.
pub mod exit {
    /// The scenario was passed / everything checked out.
    pub const OK: u8 = 0;
    /// Completed but not passed / some examples misbehave / some conversations failed.
    pub const FAILED: u8 = 1;
    /// The input could not be used: invalid scenario, unknown id, bad answers file,
    /// unreadable database, a file that exists (`new`) or is read-only (`harvest`),
    /// bad command line.
    pub const UNUSABLE: u8 = 2;
    /// The session was interrupted (Ctrl-C, Esc); nothing was recorded.
    pub const INTERRUPTED: u8 = 130;
}

/// One located problem in a file: `file:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl std::fmt::Display for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.path.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A scenario file failed to load or validate; every problem found is listed.
    #[error("{}", join_lines(.problems))]
    ScenarioInvalid { problems: Vec<Located> },

    #[error("no scenario with id `{id}` in ./scenarios or the built-in library")]
    UnknownScenario { id: String },

    #[error("{0}")]
    AnswersInvalid(Located),

    #[error("{path}: no answer for step `{step}` (answer {number} of the conversation)")]
    AnswersShort {
        path: PathBuf,
        step: String,
        number: usize,
    },

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A file that must not be overwritten is already there (`new`).
    #[error("{path} already exists; it was not overwritten")]
    Exists { path: PathBuf },

    /// A file to edit in place is read-only for the user (or has no write permission
    /// bit at all, which even root respects); it was left untouched.
    #[error("{path}: the file is read-only; nothing was changed")]
    ReadOnly { path: PathBuf },

    /// Writing into a file in place failed partway; its complete new text is in `copy`.
    #[error("{path}: writing failed partway ({source}); the complete new text is in {copy}")]
    EditIncomplete {
        path: PathBuf,
        copy: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// The progress database could not be opened, read or written. It is never
    /// replaced or emptied because of this.
    #[error("{path}: progress database: {message}")]
    Store { path: PathBuf, message: String },

    #[error("{0}")]
    Usage(String),

    /// The trainee left the session (Ctrl-C, Esc); nothing was recorded.
    #[error("session ended; nothing was recorded")]
    Interrupted,
}

fn join_lines(problems: &[Located]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl Error {
    /// A write to a reader that went away (`rehearse … | head`): the reader has what
    /// it wanted, so the command ends quietly, as ripgrep does.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Interrupted => exit::INTERRUPTED,
            _ => exit::UNUSABLE,
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
