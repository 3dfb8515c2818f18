//! What an installed `rehearse` brings along: shell completion scripts
//! (`completions`) and manual pages (`man`), both made from the same command line
//! definition as `--help`, in the user's language.

use std::io::Write;

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::cli::{CompletionsArgs, ManArgs};
use crate::error::{Error, Result, exit};
use crate::i18n::cli::ManItem;
use crate::i18n::{Lang, msg};

use super::{Ctx, command, stdout_error};

/// The program's name as installed, in scripts and page names.
const BIN: &str = "rehearse";

/// `completions SHELL`: the script on stdout.
pub fn completions(ctx: &Ctx, args: &CompletionsArgs) -> Result<u8> {
    let mut cmd = command(ctx.lang);
    // Rendered whole first: the generator panics on a failed write (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, BIN, &mut script);
    let mut out = crate::report::safe::stdout();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .map_err(stdout_error)?;
    Ok(exit::OK)
}

/// `man`: rehearse(1) on stdout, or with `--dir` every page written into a folder.
pub fn man(ctx: &Ctx, args: &ManArgs) -> Result<u8> {
    let pages = pages(ctx.lang).map_err(stdout_error)?;
    let Some(dir) = &args.dir else {
        let mut out = crate::report::safe::stdout();
        if let Some((_, page)) = pages.first() {
            out.write_all(page).map_err(stdout_error)?;
        }
        out.flush().map_err(stdout_error)?;
        return Ok(exit::OK);
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    for (name, page) in &pages {
        let path = dir.join(name);
        crate::atomic::stage(&path, |w| w.write_all(page))?.replace()?;
    }
    safe_println!(
        "{}",
        msg::MAN_WRITTEN.fill(ctx.lang, &[&pages.len(), &dir.display()])
    );
    Ok(exit::OK)
}

/// Every manual page, `rehearse.1` first, then `rehearse-<command>.1` for each
/// command, as (file name, roff text).
pub fn pages(lang: Lang) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut root = command(lang).disable_help_subcommand(true);
    root.build();
    let subs: Vec<clap::Command> = root
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    let mut pages = vec![(format!("{BIN}.1"), main_page(&root, &subs, lang)?)];
    for sub in subs {
        let man = Man::new(sub).source(source());
        let name = man.get_filename();
        let mut page = Vec::new();
        man.render(&mut page)?;
        let mut see_also = Roff::default();
        see_also.control("SH", [msg::MAN_SEE_ALSO.get(lang)]);
        see_also.text([bold(BIN), roman("(1)")]);
        see_also.to_writer(&mut page)?;
        pages.push((name, page));
    }
    Ok(pages)
}

/// rehearse(1): clap's sections for the command line, then what a user of an
/// installed program looks for (exit status, environment, files, the other pages).
fn main_page(root: &clap::Command, subs: &[clap::Command], lang: Lang) -> std::io::Result<Vec<u8>> {
    let root = root.clone().long_about(msg::MAN_DESCRIPTION.get(lang));
    let man = Man::new(root).source(source());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    let mut roff = Roff::default();
    section(
        &mut roff,
        msg::MAN_EXIT.get(lang),
        crate::i18n::cli::MAN_EXIT_CODES,
        lang,
    );
    section(
        &mut roff,
        msg::MAN_ENVIRONMENT.get(lang),
        crate::i18n::cli::MAN_ENV,
        lang,
    );
    section(
        &mut roff,
        msg::MAN_FILES.get(lang),
        crate::i18n::cli::MAN_PATHS,
        lang,
    );
    roff.control("SH", [msg::MAN_SEE_ALSO.get(lang)]);
    for (i, sub) in subs.iter().enumerate() {
        let name = format!("{BIN}-{}", sub.get_name());
        let comma = if i + 1 < subs.len() { "(1), " } else { "(1)" };
        roff.text([bold(name.as_str()), roman(comma)]);
    }
    roff.to_writer(&mut page)?;
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// The page footer's source: the program and its version.
fn source() -> String {
    format!("{BIN} {}", env!("CARGO_PKG_VERSION"))
}

/// A section of terms, each with what it means.
fn section(roff: &mut Roff, heading: &str, items: &[ManItem], lang: Lang) {
    roff.control("SH", [heading]);
    for (term, meaning) in items {
        roff.control("TP", []);
        roff.text([bold(*term)]);
        roff.text([roman(meaning.get(lang))]);
    }
}
