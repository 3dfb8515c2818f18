use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(rehearse::app::main())
}
