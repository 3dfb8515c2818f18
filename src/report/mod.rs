//! Renderers. Each writes into an `impl Write`, so every screen and file is testable
//! without a terminal; colour follows the `colored` global switch set by `app`.

pub mod best;
pub mod check;
pub mod concepts;
pub mod file;
pub mod json;
pub mod meeting;
pub mod progress;
pub mod progress_file;
pub mod safe;
pub mod session;
pub mod style;
pub mod text;
pub mod width;
