//! The one wiring module: parses the command line, runs the command against the
//! core and adapters, and renders any error once, in the user's language.
//! `run` wires sessions, `progress` the reports on recorded runs.

mod author;
mod dist;
mod grade;
mod hub;
mod meeting;
mod progress;
mod reports;
mod run;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use crate::check;
use crate::cli::{CheckFormat, Cli, Command, LangArg};
use crate::error::{Error, Result, Usage, exit};
use crate::i18n::{Lang, msg, render_error};
use crate::report;
use crate::store::Store;
use crate::yaml::config::{self, Config};

/// What every command may need: the language, where the database lives, who trains.
pub struct Ctx {
    pub lang: Lang,
    db: Option<PathBuf>,
    trainee: Option<String>,
    /// stdin and stdout are both a terminal: prompts are possible.
    pub interactive: bool,
}

/// The per-user folders (XDG on Linux), or `None` without a home directory.
fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "rehearse")
}

impl Ctx {
    pub fn db_path(&self) -> Result<PathBuf> {
        if let Some(p) = &self.db {
            return Ok(p.clone());
        }
        project_dirs()
            .map(|d| d.data_dir().join("progress.db"))
            .ok_or_else(|| Usage::NoHome.into())
    }

    pub fn open_store(&self) -> Result<Store> {
        self.open_store_at(&self.db_path()?)
    }

    /// Opens the store at `path` for writing, stamping the runs it records with the
    /// branch code configured now (a code the hub would refuse is not stamped; `sync`
    /// reports it).
    pub fn open_store_at(&self, path: &std::path::Path) -> Result<Store> {
        let branch = hub::branch_code(&self.read_config()?)
            .filter(|code| crate::hub::schema::valid_code(code));
        Store::open_at_branch(path, branch.as_deref())
    }

    fn config_path() -> Option<PathBuf> {
        project_dirs().map(|d| d.config_dir().join("config.yaml"))
    }

    pub(crate) fn read_config(&self) -> Result<Config> {
        match Self::config_path() {
            Some(path) => config::read(&path, self.lang),
            None => Ok(Config::default()),
        }
    }

    /// Writes the config whole: to a temporary file, then renamed over the old one.
    fn write_config(&self, config: &Config) -> Result<()> {
        let Some(path) = Self::config_path() else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        let text = serde_yaml::to_string(config)
            .map_err(|e| Error::io(&path, std::io::Error::other(e)))?;
        crate::atomic::stage(&path, |w| w.write_all(text.as_bytes()))?.replace()
    }

    /// Who is training: `--trainee`, else `REHEARSE_TRAINEE`, else the remembered
    /// name, else asked once on a terminal and remembered, else the login name.
    pub fn trainee(&self) -> Result<String> {
        if let Some(t) = &self.trainee {
            return clean_name(t).ok_or_else(|| Usage::EmptyTrainee.into());
        }
        if let Some(t) = self.read_config()?.trainee.as_deref().and_then(clean_name) {
            return Ok(t);
        }
        if self.interactive {
            let name = crate::ui::ask_name(self.lang)?;
            let mut config = self.read_config()?;
            config.trainee = Some(name.clone());
            self.write_config(&config)?;
            return Ok(name);
        }
        let login = std::env::var("USER").or_else(|_| std::env::var("USERNAME"));
        Ok(login
            .ok()
            .as_deref()
            .and_then(clean_name)
            .unwrap_or_else(|| "trainee".to_owned()))
    }
}

/// A trainee's name trimmed; `None` when nothing is left. Any script is welcome.
pub fn clean_name(name: &str) -> Option<String> {
    let t = name.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// `--lang` as typed, looked at before clap parses, so that clap's own help and
/// errors can already be in the user's language.
fn lang_from_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut words = args.iter().map(|a| a.to_string_lossy());
    while let Some(w) = words.next() {
        let value = match w.strip_prefix("--lang") {
            Some("") => words.next().map(|v| v.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_owned),
            None => continue,
        };
        match value.as_deref() {
            Some("zh") => return Some(Lang::Zh),
            Some("en") => return Some(Lang::En),
            _ => return None,
        }
    }
    None
}

/// The command line with its help in `lang`; the doc comments are the English.
fn command(lang: Lang) -> clap::Command {
    use clap::CommandFactory;
    let cmd = Cli::command();
    if lang == Lang::En {
        return cmd;
    }
    let zh = |t: crate::i18n::T| t.get(lang);
    let options = zh(msg::CLI_OPTIONS);
    let arguments = zh(msg::CLI_ARGUMENTS);
    let template = format!(
        "{{about-with-newline}}\n{}: {{usage}}\n\n{{all-args}}{{after-help}}",
        zh(msg::CLI_USAGE)
    );
    let headings = move |a: clap::Arg| {
        let heading = if a.is_positional() {
            arguments
        } else {
            options
        };
        a.help_heading(heading)
    };
    let mut cmd = cmd
        .about(zh(msg::CLI_ABOUT))
        .after_help(zh(msg::CLI_AFTER))
        .help_template(template.clone())
        .subcommand_help_heading(zh(msg::CLI_COMMANDS))
        .disable_help_subcommand(true)
        // clap's own -h and -V, with their help in Chinese.
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .global(true)
                .action(clap::ArgAction::Help)
                .help(zh(msg::CLI_HELP)),
        )
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help(zh(msg::CLI_VERSION)),
        );
    for (id, help) in crate::i18n::cli::GLOBAL {
        cmd = cmd.mut_arg(*id, |a| a.help(*help));
    }
    let localise =
        |mut sub: clap::Command, about: &'static str, args: crate::i18n::cli::ArgsHelp| {
            sub = sub.about(about).help_template(template.clone());
            for (id, help) in args {
                sub = sub.mut_arg(*id, |a| a.help(*help));
            }
            sub.mut_args(headings)
        };
    for (name, about, args) in crate::i18n::cli::SUBCOMMANDS {
        cmd = cmd.mut_subcommand(*name, |sub| localise(sub, about, args));
    }
    cmd = cmd.mut_subcommand("hub", |mut hub| {
        for (name, about, args) in crate::i18n::cli::HUB_SUBCOMMANDS {
            hub = hub.mut_subcommand(*name, |sub| localise(sub, about, args));
        }
        hub.subcommand_help_heading(zh(msg::CLI_COMMANDS))
    });
    cmd.mut_args(headings)
}

/// Runs the program and returns its exit code.
pub fn main() -> u8 {
    use clap::FromArgMatches;
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let early = lang_from_args(&args).unwrap_or_else(Lang::from_env);
    let parsed = command(early)
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            if e.use_stderr() && early == Lang::Zh {
                safe_eprintln!("rehearse: {}", msg::CLI_ERROR.get(early));
            }
            // clap's message echoes what was typed: through the same neutraliser.
            let rendered = e.render().to_string();
            let _ = if e.use_stderr() {
                write!(crate::report::safe::stderr(), "{rendered}")
            } else {
                write!(crate::report::safe::stdout(), "{rendered}")
            };
            return if e.use_stderr() {
                exit::UNUSABLE
            } else {
                exit::OK
            };
        }
    };
    let lang = match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::from_env(),
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if no_color || !std::io::stdout().is_terminal() {
        colored::control::set_override(false);
    }
    let ctx = Ctx {
        lang,
        db: cli.db.clone(),
        trainee: cli.trainee.clone(),
        interactive: std::io::stdin().is_terminal() && std::io::stdout().is_terminal(),
    };
    match dispatch(&cli, &ctx) {
        Ok(code) => code,
        Err(e) if e.is_broken_pipe() => exit::OK,
        Err(e) => {
            safe_eprintln!("{}", render_error(&e, lang));
            e.exit_code()
        }
    }
}

fn stdout_error(e: std::io::Error) -> Error {
    Error::io("<stdout>", e)
}

fn dispatch(cli: &Cli, ctx: &Ctx) -> Result<u8> {
    match &cli.command {
        Some(Command::Run(args)) => run::run(ctx, args),
        Some(Command::Check(args)) => {
            let report = check::check(&args.paths, ctx.lang);
            let mut out = crate::report::safe::stdout();
            match args.format {
                CheckFormat::Text => report::check::write_text(
                    &mut out,
                    &mut crate::report::safe::stderr(),
                    ctx.lang,
                    &report,
                ),
                CheckFormat::Json => report::check::write_json(&mut out, &report),
            }
            .map_err(stdout_error)?;
            Ok(report.exit_code(args.strict))
        }
        Some(Command::List(args)) => progress::list(ctx, args),
        Some(Command::Progress(args)) => progress::progress(ctx, args),
        Some(Command::History(args)) => progress::history(ctx, args),
        Some(Command::New(args)) => author::new(ctx, args),
        Some(Command::Schema) => author::schema(ctx),
        Some(Command::Score(args)) => author::score(ctx, args),
        Some(Command::Concepts(args)) => author::concepts(ctx, args),
        Some(Command::Meeting(args)) => meeting::meeting(ctx, args),
        Some(Command::Harvest(args)) => meeting::harvest(ctx, args),
        Some(Command::Report(args)) => reports::report(ctx, args),
        Some(Command::Grade(args)) => grade::grade(ctx, args),
        Some(Command::Completions(args)) => dist::completions(ctx, args),
        Some(Command::Man(args)) => dist::man(ctx, args),
        Some(Command::Sync(args)) => hub::sync(ctx, args),
        Some(Command::Export(args)) => hub::export(ctx, args),
        Some(Command::Hub(command)) => hub::hub(ctx, command),
        None if ctx.interactive => run::home(ctx),
        None => {
            let mut err = crate::report::safe::stderr();
            let _ = write!(err, "{}", command(ctx.lang).render_usage());
            let _ = writeln!(err, "\n{}", msg::NOT_A_TERMINAL.get(ctx.lang));
            Ok(exit::UNUSABLE)
        }
    }
}

/// A skill named on the command line, or a usage error listing them all.
/// The skills near one that is none, by name or display name in either language.
pub(super) fn parse_skill(name: &str) -> Result<crate::scenario::model::Skill> {
    use crate::scenario::model::Skill;
    use crate::text::suggest::{Candidate, nearest};
    Skill::parse(name).ok_or_else(|| {
        let names = Skill::ALL.map(|k| [k.display(Lang::Zh), k.display(Lang::En)]);
        let candidates: Vec<Candidate> = Skill::ALL
            .iter()
            .zip(&names)
            .map(|(k, names)| Candidate {
                id: k.as_str(),
                names,
            })
            .collect();
        let near = nearest(name, &candidates)
            .into_iter()
            .map(|i| crate::error::Near {
                id: Skill::ALL[i].as_str().to_owned(),
                zh: Skill::ALL[i].display(Lang::Zh).to_owned(),
                en: String::new(),
            })
            .collect();
        Usage::UnknownSkill {
            name: name.to_owned(),
            known: Skill::ALL.map(|s| s.as_str().to_owned()).to_vec(),
            near,
        }
        .into()
    })
}

/// A step the scenario does not have, with its steps near the one named (by id or
/// title).
pub(super) fn unknown_step(scenario: &crate::scenario::model::Scenario, step: &str) -> Error {
    let titles: Vec<_> = scenario.steps.iter().map(|s| s.title()).collect();
    let near = crate::text::suggest::near_titled(
        step,
        scenario
            .steps
            .iter()
            .zip(&titles)
            .map(|(s, t)| (s.id.as_str(), t.as_ref())),
    );
    Usage::UnknownStep {
        step: step.to_owned(),
        scenario: scenario.id.clone(),
        steps: scenario.steps.iter().map(|s| s.id.clone()).collect(),
        near,
    }
    .into()
}

/// A meeting id the record does not have, with the recorded ones near it (none
/// without a record, or when it cannot be read).
pub(super) fn unknown_meeting(store: Option<&Store>, id: &str) -> Error {
    let ids = store.and_then(|s| s.meeting_ids().ok()).unwrap_or_default();
    let near = crate::text::suggest::near_titled(id, ids.iter().map(|m| (m.as_str(), "")));
    Usage::HarvestUnknownMeeting {
        meeting: id.to_owned(),
        near,
    }
    .into()
}

/// The content hash recorded with each run, so an edited scenario is told apart.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Now, as RFC 3339 UTC to the second.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}
