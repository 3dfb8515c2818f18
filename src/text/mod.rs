//! Text normalisation and phrase matching (spec §2).

pub mod clause;
#[cfg(test)]
pub(crate) mod generated;
pub mod matcher;
pub mod normalize;
pub mod suggest;
pub mod t2s;
