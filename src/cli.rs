//! What the user typed: clap derive only, no behaviour.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "rehearse",
    version,
    about = "Role-play trainer for bank and brokerage branch staff / 银行网点服务话术陪练",
    long_about = None,
    after_help = "Exit status: 0 passed / all well, 1 not passed / examples misbehave, 2 unusable input, 130 interrupted."
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
}
