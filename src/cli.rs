//! What the user typed: clap derive only, no behaviour.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "rehearse",
    version,
    about = "Role-play trainer for bank and brokerage branch staff / 银行网点服务话术陪练",
    long_about = None,
    after_help = "Exit status: 0 passed / all well, 1 not passed / examples misbehave, 2 unusable input, 3 hub unreachable (runs stay queued), 130 interrupted."
)]
pub struct Cli {
    /// Language of menus, feedback and messages (default: from LANG / LC_ALL).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// Progress database file (default: the per-user data directory).
    #[arg(long, global = true, env = "REHEARSE_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Who is training (default: REHEARSE_TRAINEE, else asked once and remembered).
    #[arg(long, global = true, env = "REHEARSE_TRAINEE", value_name = "NAME")]
    pub trainee: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play a scenario: interactively on a terminal, or from an answers file.
    Run(RunArgs),
    /// Validate scenario files and run their examples.
    Check(CheckArgs),
    /// The scenarios available, with this trainee's best score and attempts.
    List(ListArgs),
    /// A trainee's progress per skill and the recommended next scenario.
    Progress(ProgressArgs),
    /// Finished runs with their answers.
    History(HistoryArgs),
    /// Write a commented scenario skeleton to start from.
    New(NewArgs),
    /// Print the JSON Schema of scenario format v1 (for editors' YAML plugins).
    Schema,
    /// Score one answer on one step, for authors tuning phrases.
    Score(ScoreArgs),
    /// The lexicon's concepts (shipped, plus ./scenarios/lexicon.yaml) and their phrases.
    Concepts(ConceptsArgs),
    /// Run the weekly role-play meeting: several trainees take the same scenario in turn.
    Meeting(MeetingArgs),
    /// Add a meeting's chosen answers to a scenario's best answers (优秀话术), in place.
    Harvest(HarvestArgs),
    /// Write a meeting's or a trainee's report from the record (no re-run).
    Report(ReportArgs),
    /// Audit real conversations (JSON Lines or CSV) against a scenario's phrase rules.
    Grade(GradeArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a folder.
    Man(ManArgs),
    /// Send every run and meeting not yet on the head office's hub (REHEARSE_HUB).
    Sync(SyncArgs),
    /// Write the runs not yet sent to the hub into a bundle, for a branch without network.
    Export(ExportArgs),
    /// The head office's hub: set it up, load branches' bundles, report on every branch.
    #[command(subcommand)]
    Hub(HubCommand),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write rehearse.1 and a page per command (rehearse-run.1, …) into this folder.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new scenario's id ([a-z0-9-]+); the file is <DIR>/<SKILL>/<ID>.yaml.
    pub id: String,

    /// Its skill: spin, fab, objection, closing, phone, counter, complaint, compliance.
    #[arg(long, value_name = "SKILL")]
    pub skill: String,

    /// The library folder (default: ./scenarios).
    #[arg(long, value_name = "DIR", default_value = "scenarios")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ConceptsArgs {
    /// Show one concept in full: why, source, every phrase and exception.
    pub name: Option<String>,

    /// Print the concepts as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// A scenario file or id.
    pub scenario: String,

    /// The step's id.
    pub step: String,

    /// The answer to score.
    pub answer: String,

    /// Print the step's JSON object, as in `run --json`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MeetingArgs {
    /// A scenario file or id.
    pub scenario: String,

    /// The trainees, in turn order, separated by commas: 张三,李四,王五 (default: the names of --answers).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub trainees: Vec<String>,

    /// Seed shared by every trainee, so each hears the same customer lines.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Without a terminal: NAME=FILE gives a trainee's answers (repeatable).
    #[arg(long, value_name = "NAME=FILE")]
    pub answers: Vec<String>,

    /// Write the meeting's report: .md minutes, .csv table or .html page.
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,

    /// Print the meeting as JSON.
    #[arg(long)]
    pub json: bool,

    /// Round by round at the terminal: each customer line is put to every trainee in turn, then discussed, before the next line.
    #[arg(long, conflicts_with = "answers")]
    pub rounds: bool,

    /// The branch holding the meeting, for its reports (default: `branch` in the config file).
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,

    /// Who runs the meeting, for its reports (default: `facilitator` in the config file).
    #[arg(long, value_name = "NAME")]
    pub facilitator: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Report on this meeting (its id, e.g. 2026-11-23-1); without it, on the trainee (--trainee).
    #[arg(long, value_name = "ID")]
    pub meeting: Option<String>,

    /// Write the report here: .md, .csv or .html by the extension (default: Markdown on stdout).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,

    /// The branch, for a meeting report (default: as recorded, else the config file).
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,

    /// Who ran the meeting (default: as recorded, else the config file).
    #[arg(long, value_name = "NAME")]
    pub facilitator: Option<String>,
}

#[derive(Debug, Args)]
pub struct HarvestArgs {
    /// The scenario file to add examples to.
    pub file: PathBuf,

    /// The meeting whose fully passing answers are added.
    #[arg(long, value_name = "ID")]
    pub meeting: String,

    /// Print the change as a diff instead of writing it.
    #[arg(long)]
    pub dry_run: bool,

    /// Keep only this trainee's answers (NAME), or their answer to one step (NAME:STEP); repeatable. Default: choose on a terminal, else every fully passing answer.
    #[arg(long, value_name = "NAME[:STEP]")]
    pub pick: Vec<String>,
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// A rules file (banned, required, conversation) or a scenario file.
    #[arg(long, value_name = "FILE")]
    pub rules: PathBuf,

    /// Conversations: .jsonl / .csv files (.gz read transparently), or - for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Write the JSON Lines results here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,

    /// Print the summary as JSON on stderr.
    #[arg(long)]
    pub json: bool,

    /// Stop at the first malformed input line.
    #[arg(long)]
    pub strict: bool,

    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only scenarios of this skill (spin, fab, objection, closing, phone, counter, complaint, compliance).
    #[arg(long, value_name = "SKILL")]
    pub skill: Option<String>,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Print JSON instead of a report.
    #[arg(long)]
    pub json: bool,

    /// Also write the progress report: .md, .csv or .html (with a score-over-time chart).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only runs of this scenario id.
    #[arg(long, value_name = "ID")]
    pub scenario: Option<String>,

    /// Print JSON instead of a report.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// A scenario file, or the id of a scenario in ./scenarios or the built-in library.
    pub scenario: String,

    /// A YAML list of answers, used in the order the steps are visited.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// Seed for the customer's line variants (random when absent; always reported).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Print exactly one JSON object on stdout.
    #[arg(long)]
    pub json: bool,

    /// Do not record the run in the progress database.
    #[arg(long)]
    pub no_record: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files or folders (searched recursively for .yaml/.yml).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Treat warnings as problems (exit 1).
    #[arg(long)]
    pub strict: bool,

    /// Output format: text lines, or one JSON object for editors and CI.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Runs per hub transaction.
    #[arg(long, value_name = "N", default_value_t = 500, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch: u32,

    /// Print the outcome as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The bundle file to write.
    #[arg(long, value_name = "BUNDLE")]
    pub out: PathBuf,

    /// Also the runs already written to an earlier bundle (not yet confirmed by the hub).
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Subcommand)]
pub enum HubCommand {
    /// Create or upgrade the hub's schema, and add a login role per branch.
    Init(HubInitArgs),
    /// Load a bundle exported by a branch (all of it, or nothing if it does not check out).
    Import(HubImportArgs),
    /// Pass rates by branch and skill, most-missed items, idle trainees, meetings held.
    Report(HubReportArgs),
}

#[derive(Debug, Args)]
pub struct HubInitArgs {
    /// A branch code to create the login role rehearse_branch_<CODE> for (repeatable).
    #[arg(long = "branch", value_name = "CODE")]
    pub branches: Vec<String>,
}

#[derive(Debug, Args)]
pub struct HubImportArgs {
    /// The bundle file written by `rehearse export`.
    pub bundle: PathBuf,

    /// Print the outcome as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct HubReportArgs {
    /// Only this branch (its code).
    #[arg(long, value_name = "CODE")]
    pub branch: Option<String>,

    /// Only this skill.
    #[arg(long, value_name = "SKILL")]
    pub skill: Option<String>,

    /// Only runs finished on or after this date (2026-11-01, or an RFC 3339 time).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// List trainees whose last run is older than this many weeks.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub idle_weeks: u32,

    /// How many of the most-missed items and most-hit banned phrases to list.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub top: u32,

    /// Print JSON instead of a report.
    #[arg(long)]
    pub json: bool,

    /// Also write the report: .md, .csv or .html (with charts).
    #[arg(long, value_name = "PATH")]
    pub report: Option<PathBuf>,
}
