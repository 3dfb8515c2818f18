//! Text normalisation and phrase matching (spec §2).

pub mod clause;
#[cfg(test)]
pub(crate) mod generated;
pub mod matcher;
pub mod normalize;
pub mod suggest;
pub mod t2s;

/// A xorshift generator for the tests' random texts: the same pseudo-random sequence
/// on every run; each call gives a number below its argument.
#[cfg(test)]
pub(crate) fn rng(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}
