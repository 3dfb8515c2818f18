//! The blind judged sets (`tests/judged/*/`, see `examples/judged/measure.rs`) scored
//! by the real scorer: each set's agreement with its judges must stay at or above the
//! targets. `scripts/judged.sh -v` lists the disagreements.

#[path = "../examples/judged/measure.rs"]
mod measure;

use std::path::Path;

/// The targets: agreement, and the most false fails (of good answers) and false
/// passes (of bad answers), in percent.
const MIN_AGREEMENT: f64 = 95.0;
const MAX_FALSE_FAILS: f64 = 5.0;
const MAX_FALSE_PASSES: f64 = 5.0;

#[test]
fn the_scorer_agrees_with_the_blind_judges() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/judged");
    let sets = measure::sets(&root).unwrap_or_else(|e| panic!("{e}"));
    assert!(sets.len() >= 3, "{sets:?}");
    let mut reports = Vec::new();
    for dir in sets {
        let report = measure::measure(&dir).unwrap_or_else(|e| panic!("{e}"));
        let t = report.total;
        let name = dir.display();
        // Each set: at least 300 answers over 80 steps and every skill.
        assert!(
            t.total() >= 300 && report.steps.len() >= 80,
            "{name}: {} answers, {} steps",
            t.total(),
            report.steps.len()
        );
        assert_eq!(
            report.by_skill.len(),
            8,
            "{name}: {:?}",
            report.by_skill.keys()
        );
        let table = measure::render(&report, true);
        assert!(
            t.agreement() >= MIN_AGREEMENT,
            "{name}: agreement {:.1}%\n{table}",
            t.agreement()
        );
        assert!(
            t.false_fail_rate() <= MAX_FALSE_FAILS,
            "{name}: false fails {:.1}%\n{table}",
            t.false_fail_rate()
        );
        assert!(
            t.false_pass_rate() <= MAX_FALSE_PASSES,
            "{name}: false passes {:.1}%\n{table}",
            t.false_pass_rate()
        );
        reports.push(report);
    }
    let all = measure::Report::combined(&reports);
    assert!(
        all.total.agreement() >= MIN_AGREEMENT,
        "all sets: {}",
        measure::render(&all, false)
    );
}
