//! rehearse: role-play trainer for bank and brokerage branch staff.
//!
//! The library holds everything; `main.rs` only maps the result of [`app::main`] to an
//! exit code. Core modules (`text`, `scoring`, `simulate`, `session`) never touch files,
//! the terminal or the database; `yaml` reads files, adapters (`library`, `store`,
//! `report`, `ui`) do the rest, and only `app` wires them together. The README's
//! design notes list the layers; `tests/layers.rs` holds every import to them.

/// `println!` through [`report::safe::stdout`]: control chars neutralised, and a closed
/// pipe ends the line quietly instead of panicking.
#[macro_export]
macro_rules! safe_println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!($crate::report::safe::stdout(), $($arg)*);
    }};
}

/// `eprintln!` through [`report::safe::stderr`].
#[macro_export]
macro_rules! safe_eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!($crate::report::safe::stderr(), $($arg)*);
    }};
}

pub mod app;
pub mod atomic;
pub mod check;
pub mod cli;
pub mod error;
pub mod grade;
pub mod harvest;
pub mod hub;
pub mod i18n;
pub mod library;
pub mod meeting;
pub mod pool;
pub mod progress;
pub mod record;
pub mod report;
pub mod scenario;
pub mod scoring;
pub mod session;
pub mod simulate;
pub mod store;
pub mod text;
pub mod ui;
pub mod yaml;
