//! Prints the blind judged sets' figures (see `measure.rs`): each set's table, then
//! the summary of all of them on the last line. `-v` also lists every answer the
//! scorer and the judge disagree on. Usage: `scripts/judged.sh [-v] [DIR]...`, where
//! each DIR holds judged answers (default: every folder of `tests/judged`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod measure;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v" || a == "--verbose");
    let mut dirs: Vec<PathBuf> = args
        .iter()
        .filter(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .collect();
    if dirs.is_empty() {
        dirs = match measure::sets(Path::new("tests/judged")) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("judged: {e}");
                return ExitCode::from(2);
            }
        };
    }
    let mut reports = Vec::new();
    for dir in &dirs {
        match measure::measure(dir) {
            Ok(report) => {
                println!("== {}", dir.display());
                print!("{}", measure::render(&report, verbose));
                reports.push(report);
            }
            Err(e) => {
                eprintln!("judged: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if reports.len() > 1 {
        let all = measure::Report::combined(&reports);
        println!("== all {} sets", reports.len());
        print!("{}", measure::render(&all, false));
    }
    ExitCode::SUCCESS
}
