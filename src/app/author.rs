//! Wiring of the authoring commands: `new` (a commented skeleton), `schema` (the
//! JSON Schema of format v1) and `score` (one answer on one step).

use std::io::Write;

use crate::atomic::stage;
use crate::cli::{ConceptsArgs, NewArgs, ScoreArgs};
use crate::error::{Error, Result, Usage, exit};
use crate::i18n::msg;
use crate::library;
use crate::report;
use crate::scenario::lexicon::Lexicon;
use crate::scenario::validate::valid_id;
use crate::scoring::Compiled;

use super::{Ctx, parse_skill, stdout_error};

/// The skeleton `new` writes: valid, passing `check --strict`, every field explained.
pub const SKELETON: &str = include_str!("../scenario/skeleton.yaml");

pub fn new(ctx: &Ctx, args: &NewArgs) -> Result<u8> {
    let lang = ctx.lang;
    if !valid_id(&args.id) {
        return Err(Usage::BadId {
            id: args.id.clone(),
        }
        .into());
    }
    let skill = parse_skill(&args.skill)?;
    let dir = args.dir.join(skill.as_str());
    let path = dir.join(format!("{}.yaml", args.id));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let text = SKELETON
        .replace("{id}", &args.id)
        .replace("{skill}", skill.as_str());
    // Staged whole, then linked into place only if nothing is there: never an
    // overwrite, and never a half-written file that would block a retry.
    stage(&path, |w| w.write_all(text.as_bytes()))?.create_new()?;
    safe_println!("{}", msg::NEW_WRITTEN.fill(lang, &[&path.display()]));
    Ok(exit::OK)
}

pub fn schema(_ctx: &Ctx) -> Result<u8> {
    let mut out = crate::report::safe::stdout();
    out.write_all(crate::scenario::schema::text().as_bytes())
        .map_err(stdout_error)?;
    Ok(exit::OK)
}

pub fn score(ctx: &Ctx, args: &ScoreArgs) -> Result<u8> {
    let lang = ctx.lang;
    let loaded = library::resolve(&args.scenario, lang)?;
    let scenario = &loaded.scenario;
    let Some(index) = scenario.step_index(&args.step) else {
        return Err(super::unknown_step(scenario, &args.step));
    };
    let step = &scenario.steps[index];
    let verdict = Compiled::new(scenario).score(index, &args.answer);
    let customer = step.customer.first().map_or("", String::as_str);
    let mut out = crate::report::safe::stdout();
    if args.json {
        let json = report::json::step(&step.id, customer, &args.answer, &verdict);
        report::json::write(&mut out, &json)
    } else {
        report::text::verdict_with_score(&mut out, lang, &args.answer, &verdict)
    }
    .map_err(stdout_error)?;
    Ok(if verdict.passed {
        exit::OK
    } else {
        exit::FAILED
    })
}

/// `concepts`: the lexicon that applies to `./scenarios` (the shipped one plus a
/// branch's `lexicon.yaml` files), every concept or one in full.
pub fn concepts(ctx: &Ctx, args: &ConceptsArgs) -> Result<u8> {
    let lang = ctx.lang;
    let probe = std::path::Path::new(library::LOCAL_DIR).join("_");
    let lexicon =
        Lexicon::for_file(&probe, lang).map_err(|problems| Error::ScenarioInvalid { problems })?;
    let chosen: Vec<_> = match &args.name {
        None => lexicon.concepts.values().collect(),
        Some(name) => match lexicon.get(name) {
            Some(c) => vec![c],
            None => {
                let near = crate::text::suggest::near_titled(
                    name,
                    lexicon
                        .concepts
                        .values()
                        .map(|c| (c.name.as_str(), c.label.as_str())),
                );
                return Err(Usage::UnknownConcept {
                    name: name.clone(),
                    known: lexicon.concepts.keys().cloned().collect(),
                    near,
                }
                .into());
            }
        },
    };
    let mut out = crate::report::safe::stdout();
    if args.json {
        report::concepts::json(&mut out, &chosen)
    } else {
        report::concepts::text(&mut out, lang, &chosen, args.name.is_some())
    }
    .map_err(stdout_error)?;
    Ok(exit::OK)
}
