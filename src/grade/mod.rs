//! `rehearse grade`: batch auditing of real conversations against banned, required
//! and conversation rules. The core ([`rules`] → [`grader`]) is pure; [`input`] and
//! [`line`] read JSON Lines, CSV, gzip and stdin with located problems; [`pipeline`]
//! grades in parallel and writes in input order; [`output`] shapes what is written.

pub mod grader;
pub mod input;
pub mod line;
pub mod output;
pub mod pipeline;
pub mod prefilter;
pub mod rules;
