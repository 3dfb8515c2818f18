//! Scenario files: the validated model, its serde shape and schema, the validator
//! and loading.

#[cfg(test)]
pub mod fixture;
pub mod lexicon;
pub mod load;
pub mod model;
mod names;
mod phrase;
pub mod raw;
pub mod schema;
pub mod validate;
