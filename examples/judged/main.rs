//! Prints the blind judged set's figures (see `measure.rs`); `-v` lists every answer
//! the scorer and the judge disagree on. Usage: `scripts/judged.sh [-v]`.

use std::path::Path;
use std::process::ExitCode;

mod measure;

fn main() -> ExitCode {
    let verbose = std::env::args()
        .skip(1)
        .any(|a| a == "-v" || a == "--verbose");
    match measure::measure(Path::new("tests/judged")) {
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
