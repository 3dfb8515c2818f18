//! A short fuzzing run in the suite (the long one is `scripts/fuzz.sh`): mutated
//! scenarios through every loader, the ones that load scored on random answers; no
//! panic, and no input slow enough to look like a hang.

#[path = "../examples/fuzz/harness.rs"]
mod harness;

use std::path::Path;
use std::time::Duration;

#[test]
fn mutated_scenarios_never_panic_or_hang() {
    let seeds = harness::seeds(Path::new(env!("CARGO_MANIFEST_DIR")));
    assert!(seeds.len() >= 30, "{} seeds", seeds.len());
    let f = harness::run(&seeds, 600, 20261130, Duration::from_secs(5));
    assert!(f.panics.is_empty(), "{:#?}", f.panics);
    assert!(f.slow.is_empty(), "{:?}", f.slow);
    // The mutations must leave many inputs loadable, or scoring goes untested.
    // Nothing a mutation can do blows memory up (this test process, all inputs).
    assert!(
        harness::peak_rss_kb() < 512 * 1024,
        "{} KiB",
        harness::peak_rss_kb()
    );
    assert!(f.loaded > 60 && f.answers > 1_000, "{f:?}");
}
