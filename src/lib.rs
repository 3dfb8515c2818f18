//! rehearse: role-play trainer for bank and brokerage branch staff.
//!
//! The library holds everything; `main.rs` only maps the result of [`app::main`] to an
//! exit code. Core modules (`text`, `scoring`, `simulate`, `session`) never touch files,
//! the terminal or the database; adapters (`scenario::load`, `library`, `store`,
//! `report`) do, and only `app` wires them together.

pub mod app;
pub mod atomic;
pub mod cli;
pub mod error;
pub mod grade;
pub mod harvest;
pub mod i18n;
pub mod library;
pub mod meeting;
pub mod progress;
pub mod report;
pub mod scenario;
pub mod scoring;
pub mod session;
pub mod simulate;
pub mod store;
pub mod text;
pub mod ui;
