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
    /// The head office's hub could not be reached (`sync`); the runs stay queued
    /// and nothing was lost.
    pub const OFFLINE: u8 = 3;
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

/// What went wrong, with the values involved; never its text. The one rendering is
/// the catalogue's (`i18n::render_error`), in the user's language.
#[derive(Debug)]
pub enum Error {
    /// A scenario file failed to load or validate; every problem found is listed.
    ScenarioInvalid {
        problems: Vec<Located>,
    },

    UnknownScenario {
        id: String,
        /// Known scenarios near `id`, nearest first.
        near: Vec<Near>,
    },

    AnswersInvalid(Located),

    AnswersShort {
        path: PathBuf,
        step: String,
        number: usize,
    },

    /// An input that stopped the command, at its place (`line` 0: the file as a
    /// whole, shown without a position); the message was rendered where it was found.
    Input(Located),

    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    /// A file to edit is a named pipe, a device or a folder.
    NotRegularFile {
        path: PathBuf,
    },

    /// A file that must not be overwritten is already there (`new`).
    Exists {
        path: PathBuf,
    },

    /// A file to edit in place is read-only for the user (or has no write permission
    /// bit at all, which even root respects); it was left untouched.
    ReadOnly {
        path: PathBuf,
    },

    /// Writing into a file in place failed partway; its complete new text is in `copy`.
    EditIncomplete {
        path: PathBuf,
        copy: PathBuf,
        source: std::io::Error,
    },

    /// The progress database could not be opened, read or written. It is never
    /// replaced or emptied because of this.
    Store {
        path: PathBuf,
        problem: StoreProblem,
    },

    /// The command line asks for something that cannot be done.
    Usage(Usage),

    /// The head office's hub refused, failed or could not be reached, or a bundle
    /// for it does not check out. Never holds a password.
    Hub(HubProblem),

    /// The trainee left the session (Ctrl-C, Esc); nothing was recorded.
    Interrupted,
}

/// A known id near one that was typed, for "did you mean": the id and the name a
/// person reads for it in each language (a scenario's or a step's title is the same
/// in both; empty: none but the id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    pub id: String,
    pub zh: String,
    pub en: String,
}

impl Near {
    /// An id with one name in every language (or none: `""`).
    pub fn titled(id: &str, title: &str) -> Near {
        Near {
            id: id.to_owned(),
            zh: title.to_owned(),
            en: title.to_owned(),
        }
    }
}

/// A command that cannot be carried out as asked (exit 2), with the values involved.
#[derive(Debug)]
pub enum Usage {
    /// `run` off a terminal without `--answers`.
    RunNeedsAnswers,
    /// No scenario in `./scenarios` or the built-in library.
    NoScenarios,
    /// No home folder to keep the progress database in, and no `--db`.
    NoHome,
    /// `--trainee` (or `REHEARSE_TRAINEE`) is blank.
    EmptyTrainee,
    /// `new` with an id that is not `a-z`, `0-9` and `-`.
    BadId { id: String },
    /// A skill name that is none of `known`.
    UnknownSkill {
        name: String,
        known: Vec<String>,
        near: Vec<Near>,
    },
    /// `score` or `harvest --pick` naming a step the scenario does not have.
    UnknownStep {
        step: String,
        scenario: String,
        steps: Vec<String>,
        near: Vec<Near>,
    },
    /// `concepts` naming a concept the lexicon does not have.
    UnknownConcept {
        name: String,
        known: Vec<String>,
        near: Vec<Near>,
    },
    /// `progress --report` with an extension that names no format.
    ProgressReportFormat { path: PathBuf },
    /// `grade --threads 0`.
    ZeroThreads,
    /// `grade` given standard input (`-`) twice.
    StdinTwice,
    /// `grade --out` naming the rules file.
    OutIsRules { out: PathBuf, rules: PathBuf },
    /// `grade --out` naming an input.
    OutIsInput { out: PathBuf, input: PathBuf },
    /// `meeting` off a terminal without `--answers`.
    MeetingNeedsAnswers,
    /// `meeting --trainees` or `--answers` that do not fit together.
    Meeting(SpecProblem),
    /// A trainee's answers file ran out during a meeting.
    MeetingAnswersShort {
        trainee: String,
        path: PathBuf,
        step: String,
        number: usize,
    },
    /// `meeting --report` with an extension that names no format.
    MeetingReportFormat { path: PathBuf },
    /// `harvest --meeting` or `report --meeting` naming no recorded meeting; `near`:
    /// recorded ones near it.
    HarvestUnknownMeeting { meeting: String, near: Vec<Near> },
    /// The meeting practised another scenario than the file's.
    HarvestOtherScenario {
        path: PathBuf,
        meeting: String,
        practised: String,
        scenario: String,
    },
    /// The file was edited since the meeting.
    HarvestEdited { path: PathBuf, meeting: String },
    /// A step written in a way examples cannot be added to.
    HarvestNoPlace { path: PathBuf, step: String },
    /// `report --trainee` naming someone with no recorded run while trainees with
    /// near names have some (a typo would otherwise give an empty report).
    UnknownTrainee { name: String, near: Vec<Near> },
    /// `harvest --pick` naming no fully passing answer of the meeting; `near`: the
    /// meeting's trainees near the name given.
    HarvestPickNone {
        pick: String,
        meeting: String,
        near: Vec<Near>,
    },
    /// The edited text would not read back as intended (with the problems found on
    /// reading it, if any); nothing was written.
    HarvestNotVerified {
        path: PathBuf,
        problems: Vec<Located>,
    },
    /// `sync`, `export` or `hub` with neither `REHEARSE_HUB` nor `hub:` in the config.
    HubNoAddress,
    /// `sync` or `export` with neither `REHEARSE_BRANCH` nor `branch:` in the config.
    HubNoBranch,
    /// A branch code the hub cannot take.
    HubBadCode { code: String },
    /// `hub report --since` that is not a date.
    HubBadSince { value: String },
    /// `hub report --report` with an extension that names no format.
    HubReportFormat { path: PathBuf },
}

/// What is wrong with a progress database. `detail` is SQLite's or the system's own
/// wording of the failure, shown as it is.
#[derive(Debug)]
pub enum StoreProblem {
    /// The file is not a database at all; it was left untouched.
    NotADatabase,
    /// A SQLite database with tables of its own and no `meta` table.
    Foreign,
    /// Damaged (SQLite's words, or what its integrity check found).
    Corrupt { detail: String },
    /// The path names a folder.
    IsDirectory,
    /// The file or its folder may not be written.
    ReadOnly,
    /// Another rehearse kept the database locked for too long.
    Busy { task: StoreTask, detail: String },
    /// The file could not be opened.
    CannotOpen { detail: String },
    /// Any other failure of `task`.
    Failed { task: StoreTask, detail: String },
    /// Made by a newer rehearse: its format version and the newest this one reads.
    Newer { found: i64, known: i64 },
    /// `meta.format_version` is not a positive integer (`None`: it is missing).
    BadVersion { value: Option<String> },
    /// Other meetings kept taking every free meeting id.
    NoFreeMeetingId,
}

/// What the store was doing when it failed, so the message reads as a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreTask {
    CreateFolder(PathBuf),
    Open,
    SetBusyTimeout,
    EnableForeignKeys,
    SwitchToWal,
    ReadDatabase,
    ReadFormatVersion,
    Upgrade,
    RecordRun,
    RecordMeeting,
    EncodePhrases,
    ReadRuns,
    ReadTrainees,
    ReadScores,
    /// The runs waiting for the head office's hub.
    ReadQueue,
    /// Marking runs as confirmed by the hub or written to a bundle.
    MarkRuns,
    ReadMeeting,
    RecordHarvest,
    ReadHarvests,
}

/// What went wrong with the head office's hub. `hub` is its address as shown (no
/// password); `detail` is the server's, the driver's or OpenSSL's own words.
#[derive(Debug)]
pub enum HubProblem {
    /// The address is not a PostgreSQL connection string.
    BadAddress {
        detail: String,
    },
    /// The connection string in config.yaml holds a password.
    PasswordInConfig,
    TlsSetup {
        hub: String,
        detail: String,
    },
    /// The hub answered and refused (a wrong password, no such database).
    Refused {
        hub: String,
        detail: String,
    },
    /// The hub could not be reached; the runs stay queued (exit 3).
    Offline {
        hub: String,
        detail: String,
    },
    Failed {
        hub: String,
        detail: String,
    },
    BadVersion {
        hub: String,
        value: String,
    },
    Newer {
        hub: String,
        found: u32,
        known: u32,
    },
    Older {
        hub: String,
        found: u32,
    },
    NotSetUp {
        hub: String,
    },
    /// The login role belongs to another branch than this machine's.
    WrongBranch {
        hub: String,
        theirs: String,
        ours: String,
    },
    BadCode {
        code: String,
    },
    /// The hub has no branch of this machine's code (`hub init --branch` adds one).
    UnknownBranch {
        hub: String,
        code: String,
    },
    BundleTooLarge {
        path: PathBuf,
    },
    NotABundle {
        path: PathBuf,
    },
    BundleTruncated {
        path: PathBuf,
        expected: usize,
        found: usize,
    },
    BundleAltered {
        path: PathBuf,
    },
    BundleDamaged {
        path: PathBuf,
        detail: String,
    },
}

impl From<Usage> for Error {
    fn from(u: Usage) -> Error {
        Error::Usage(u)
    }
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
            Error::Hub(HubProblem::Offline { .. }) => exit::OFFLINE,
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

/// What is wrong with the trainees or the `--answers` specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecProblem {
    /// Neither `--trainees` nor `--answers`.
    NoTrainees,
    EmptyName,
    DuplicateTrainee(String),
    /// Not `NAME=FILE`.
    Malformed(String),
    UnknownTrainee(String),
    DuplicateAnswers(String),
    MissingAnswers(String),
}
