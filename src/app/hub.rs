//! Wiring of `sync`, `export` and `hub init|import|report`: the hub's address and
//! this machine's identity from the environment and the config, then [`crate::hub`].

use std::collections::HashMap;
use std::io::Write;

use crate::atomic::stage;
use crate::cli::{ExportArgs, HubCommand, HubImportArgs, HubInitArgs, HubReportArgs, SyncArgs};
use crate::error::{Error, HubProblem, Result, Usage, exit};
use crate::hub::conn::{self, Address, Source};
use crate::hub::push::Identity;
use crate::hub::{self, bundle, schema};
use crate::i18n::msg;
use crate::report::{self, file::Format};

use super::{Ctx, stdout_error};

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// `REHEARSE_HUB`, else the config's `hub`.
fn address(ctx: &Ctx) -> Result<Address> {
    if let Some(text) = env("REHEARSE_HUB") {
        return conn::parse(&text, Source::Environment);
    }
    match ctx.read_config()?.hub {
        Some(text) => conn::parse(&text, Source::Config),
        None => Err(Usage::HubNoAddress.into()),
    }
}

/// The branch code configured: `REHEARSE_BRANCH`, else the config's `branch`.
pub(super) fn branch_code(config: &crate::yaml::config::Config) -> Option<String> {
    env("REHEARSE_BRANCH")
        .or(config.branch.clone())
        .map(|b| b.trim().to_owned())
}

/// The branch code, its name, and the trainees' employee numbers.
fn identity(ctx: &Ctx) -> Result<Identity> {
    let config = ctx.read_config()?;
    let branch = branch_code(&config).ok_or(Usage::HubNoBranch)?;
    if !schema::valid_code(&branch) {
        return Err(Usage::HubBadCode { code: branch }.into());
    }
    let mut employees = config.employees.clone();
    if let (Some(trainee), Some(number)) = (&config.trainee, &config.employee) {
        employees.insert(trainee.clone(), number.clone());
    }
    Ok(Identity {
        branch,
        branch_name: config.branch_name.clone(),
        employees,
        send_names: config.hub_names,
    })
}

/// A scenario's skill by id, from the library this binary sees.
fn skills(ctx: &Ctx) -> HashMap<String, String> {
    crate::library::summaries(ctx.lang)
        .into_iter()
        .map(|s| (s.id, s.skill.as_str().to_owned()))
        .collect()
}

fn print_json(value: &impl serde::Serialize) -> Result<()> {
    let mut out = crate::report::safe::stdout();
    serde_json::to_writer(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .map_err(stdout_error)
}

pub fn sync(ctx: &Ctx, args: &SyncArgs) -> Result<u8> {
    let me = identity(ctx)?;
    let addr = address(ctx)?;
    let mut store = ctx.open_store()?;
    let skills = skills(ctx);
    let skill_of = |id: &str| skills.get(id).cloned();
    let result = conn::connect(&addr).and_then(|mut client| {
        let batch = usize::try_from(args.batch).unwrap_or(500);
        hub::sync(&mut store, &mut client, &addr, &me, &skill_of, batch)
    });
    match result {
        Ok(done) => {
            if args.json {
                print_json(&done)?;
            } else {
                safe_println!(
                    "{}",
                    msg::HUB_SENT.fill(
                        ctx.lang,
                        &[&done.sent, &done.already, &addr.shown, &done.queued]
                    )
                );
            }
            for (code, n) in &done.other_branches {
                safe_eprintln!(
                    "{}",
                    msg::HUB_OTHER_BRANCH.fill(ctx.lang, &[n, code, &me.branch])
                );
            }
            Ok(exit::OK)
        }
        Err(e @ Error::Hub(HubProblem::Offline { .. })) => {
            let queued = store.unsent_count()?;
            safe_eprintln!("{}", crate::i18n::render_error(&e, ctx.lang));
            safe_eprintln!("{}", msg::HUB_QUEUED.fill(ctx.lang, &[&queued]));
            if args.json {
                print_json(&hub::Synced {
                    queued,
                    ..hub::Synced::default()
                })?;
            }
            Ok(exit::OFFLINE)
        }
        Err(e) => Err(e),
    }
}

pub fn export(ctx: &Ctx, args: &ExportArgs) -> Result<u8> {
    let me = identity(ctx)?;
    let mut store = ctx.open_store()?;
    let skills = skills(ctx);
    let (b, ids) = hub::export(&store, &me, &|id: &str| skills.get(id).cloned(), args.all)?;
    if b.runs.is_empty() {
        safe_eprintln!("{}", msg::HUB_NOTHING_TO_EXPORT.get(ctx.lang));
        return Ok(exit::OK);
    }
    stage(&args.out, |w| bundle::write(w, &b))?.replace()?;
    store.mark_exported(&ids, &b.created_at)?;
    safe_println!(
        "{}",
        msg::HUB_EXPORTED.fill(
            ctx.lang,
            &[&b.runs.len(), &b.meetings.len(), &args.out.display()]
        )
    );
    Ok(exit::OK)
}

pub fn hub(ctx: &Ctx, command: &HubCommand) -> Result<u8> {
    match command {
        HubCommand::Init(args) => init(ctx, args),
        HubCommand::Import(args) => import(ctx, args),
        HubCommand::Report(args) => report(ctx, args),
    }
}

fn init(ctx: &Ctx, args: &HubInitArgs) -> Result<u8> {
    if let Some(bad) = args.branches.iter().find(|c| !schema::valid_code(c)) {
        return Err(Usage::HubBadCode { code: bad.clone() }.into());
    }
    let addr = address(ctx)?;
    let mut client = conn::connect(&addr)?;
    let done = schema::init(&mut client, &addr, &args.branches)?;
    safe_println!(
        "{}",
        msg::HUB_INIT_DONE.fill(ctx.lang, &[&addr.shown, &done.from, &done.to])
    );
    for role in &done.roles {
        safe_println!("{}", msg::HUB_INIT_ROLE.fill(ctx.lang, &[role]));
    }
    Ok(exit::OK)
}

fn import(ctx: &Ctx, args: &HubImportArgs) -> Result<u8> {
    let path = &args.bundle;
    let refuse = Error::Hub;
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if size > bundle::MAX_PAYLOAD as u64 + 4096 {
        return Err(refuse(HubProblem::BundleTooLarge { path: path.clone() }));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let b = bundle::read(&bytes).map_err(|r| {
        let path = path.clone();
        refuse(match r {
            bundle::Refusal::NotABundle => HubProblem::NotABundle { path },
            bundle::Refusal::Truncated { expected, found } => HubProblem::BundleTruncated {
                path,
                expected,
                found,
            },
            bundle::Refusal::Altered => HubProblem::BundleAltered { path },
            bundle::Refusal::Damaged(detail) => HubProblem::BundleDamaged { path, detail },
        })
    })?;
    let addr = address(ctx)?;
    let mut client = conn::connect(&addr)?;
    let done = hub::import(&mut client, &addr, &b)?;
    if args.json {
        print_json(&done)?;
    } else {
        safe_println!(
            "{}",
            msg::HUB_IMPORTED.fill(
                ctx.lang,
                &[&done.runs, &done.already, &done.meetings, &done.branch]
            )
        );
    }
    Ok(exit::OK)
}

/// `2026-11-01` or an RFC 3339 time, as RFC 3339.
/// `--since`: a date (UTC midnight) or an RFC 3339 time, with `Z` or an offset
/// (`2026-11-01T08:00:00+08:00`); passed on as PostgreSQL reads it.
fn since(text: &str) -> Result<String> {
    let bad = || -> Error {
        Usage::HubBadSince {
            value: text.to_owned(),
        }
        .into()
    };
    let full = if text.len() == 10 {
        format!("{text}T00:00:00Z")
    } else {
        text.to_owned()
    };
    // humantime reads only `Z`: check an offset's digits here, the rest there.
    let split = full.len().saturating_sub(6);
    let (time, offset) = match full.get(split..) {
        Some(o) if o.starts_with(['+', '-']) && o.as_bytes().get(3) == Some(&b':') => {
            (&full[..split], Some(o))
        }
        _ => (full.as_str(), None),
    };
    if let Some(o) = offset {
        let digits = |r: std::ops::Range<usize>| o.get(r).and_then(|d| d.parse::<u8>().ok());
        if !matches!((digits(1..3), digits(4..6)), (Some(h), Some(m)) if h < 24 && m < 60) {
            return Err(bad());
        }
    }
    let utc = if offset.is_some() {
        format!("{time}Z")
    } else {
        time.to_owned()
    };
    humantime::parse_rfc3339_weak(&utc)
        .map(|_| full.clone())
        .map_err(|_| bad())
}

fn report(ctx: &Ctx, args: &HubReportArgs) -> Result<u8> {
    let format = match &args.report {
        Some(path) => {
            Some(Format::of(path).ok_or_else(|| Usage::HubReportFormat { path: path.clone() })?)
        }
        None => None,
    };
    let skill = args
        .skill
        .as_deref()
        .map(|s| super::parse_skill(s).map(|s| s.as_str().to_owned()))
        .transpose()?;
    let filter = hub::report::Filter {
        branch: args.branch.clone(),
        skill,
        since: args.since.as_deref().map(since).transpose()?,
        idle_weeks: args.idle_weeks,
        top: i64::from(args.top),
    };
    let addr = address(ctx)?;
    let mut client = conn::connect(&addr)?;
    schema::check(&mut client, &addr)?;
    let r = hub::report::build(&mut client, &filter).map_err(|e| conn::classify(&e, &addr))?;
    if let (Some(path), Some(format)) = (&args.report, format) {
        stage(path, |w| {
            let mut w = report::safe::Safe::new(w, false);
            hub::render::write(&mut w, ctx.lang, format, &r)?;
            w.flush()
        })?
        .replace()?;
        safe_eprintln!("{}", msg::REPORT_WRITTEN.fill(ctx.lang, &[&path.display()]));
    }
    if args.json {
        print_json(&r)?;
    } else {
        let mut out = crate::report::safe::stdout();
        hub::render::text(&mut out, ctx.lang, &r)
            .and_then(|()| out.flush())
            .map_err(stdout_error)?;
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::since;

    #[test]
    fn since_takes_a_date_or_an_rfc_3339_time_with_any_offset() {
        assert_eq!(since("2026-11-01").unwrap(), "2026-11-01T00:00:00Z");
        for ok in [
            "2026-11-01T08:30:00Z",
            "2026-11-01T08:30:00.25Z",
            "2026-11-01T08:30:00+08:00",
            "2026-11-01T08:30:00-05:30",
        ] {
            assert_eq!(since(ok).unwrap(), ok);
        }
        for bad in [
            "yesterday",
            "2026-13-01",
            "2026-11-01T08:30:00+24:00",
            "2026-11-01T08:30:00+0é:00",
            "2026-11-01T25:30:00+08:00",
            "+08:00",
        ] {
            assert!(since(bad).is_err(), "{bad}");
        }
    }
}
