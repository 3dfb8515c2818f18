//! The long fuzzing run (see `harness.rs`): `scripts/fuzz.sh [INPUTS] [SEED]`. Prints
//! inputs tried, scenarios that loaded, answers scored, panics, slow inputs (over 1 s)
//! and peak memory; exits 1 when anything panicked or was slow.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

mod harness;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let inputs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let seeds = harness::seeds(Path::new("."));
    if seeds.is_empty() {
        eprintln!("fuzz: no seed files under ./scenarios");
        return ExitCode::from(2);
    }
    let started = std::time::Instant::now();
    let f = harness::run(&seeds, inputs, seed, Duration::from_secs(1));
    for p in &f.panics {
        println!("PANIC {p}");
    }
    for (what, took) in &f.slow {
        println!("SLOW {what}: {took:?}");
    }
    println!(
        "fuzz: {} inputs (seed {seed}) in {:.1} s: {} loaded, {} answers scored, {} panics, {} slow (slowest {:?}), peak memory {} MB",
        f.inputs,
        started.elapsed().as_secs_f64(),
        f.loaded,
        f.answers,
        f.panics.len(),
        f.slow.len(),
        f.slowest,
        harness::peak_rss_kb() / 1024
    );
    if f.panics.is_empty() && f.slow.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
