//! Prints the blind judged set's figures (see `measure.rs`); `-v` lists every answer
//! the scorer and the judge disagree on. Usage: `scripts/judged.sh [-v] [DIR]`, where
//! DIR holds judged answers in the same format (default `tests/judged`).

use std::path::Path;
use std::process::ExitCode;

mod measure;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v" || a == "--verbose");
    let dir = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .map_or("tests/judged", String::as_str);
    match measure::measure(Path::new(dir)) {
        Ok(report) => {
            print!("{}", measure::render(&report, verbose));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("judged: {e}");
            ExitCode::from(2)
        }
    }
}
