//! Scenario files: the validated model, loading with located errors, and `check`.

pub mod check;
#[cfg(test)]
pub mod fixture;
pub mod lexicon;
pub mod lint;
pub mod load;
pub mod model;
pub mod positions;
pub mod raw;
pub mod schema;
