//! The blind judged set (`tests/judged/*.yaml`) scored by the real scorer: agreement
//! with the judges' verdicts, false fails on good answers and false passes on bad
//! ones, by skill. Shared by `examples/judged` (what `scripts/judged.sh` prints) and
//! the test that keeps the figures from regressing.

use std::collections::BTreeMap;
use std::path::Path;

use rehearse::i18n::Lang;
use rehearse::library;
use rehearse::scoring::{Compiled, StepVerdict};
use serde::Deserialize;

/// One judged answer, as written by someone who never saw the step's phrase lists.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judged {
    pub scenario: String,
    pub step: String,
    pub customer: String,
    pub answer: String,
    /// `pass` or `fail`.
    pub verdict: String,
    /// `plain`, `casual`, `traditional` or `hard`.
    pub kind: String,
    pub reason: String,
}

/// One answer where the scorer and the judge disagree.
#[derive(Debug, Clone)]
pub struct Disagreement {
    pub judged: Judged,
    pub file: String,
    pub missing: Vec<String>,
    pub banned: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub good: usize,
    pub bad: usize,
    pub false_fails: usize,
    pub false_passes: usize,
}

impl Tally {
    pub fn total(&self) -> usize {
        self.good + self.bad
    }
    pub fn agreement(&self) -> f64 {
        pct(
            self.total() - self.false_fails - self.false_passes,
            self.total(),
        )
    }
    pub fn false_fail_rate(&self) -> f64 {
        pct(self.false_fails, self.good)
    }
    pub fn false_pass_rate(&self) -> f64 {
        pct(self.false_passes, self.bad)
    }
    fn merge(&mut self, other: &Tally) {
        self.good += other.good;
        self.bad += other.bad;
        self.false_fails += other.false_fails;
        self.false_passes += other.false_passes;
    }

    fn add(&mut self, good: bool, agreed: bool) {
        if good {
            self.good += 1;
            self.false_fails += usize::from(!agreed);
        } else {
            self.bad += 1;
            self.false_passes += usize::from(!agreed);
        }
    }
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        100.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

#[derive(Debug, Default)]
pub struct Report {
    pub total: Tally,
    pub by_skill: BTreeMap<String, Tally>,
    pub by_kind: BTreeMap<String, Tally>,
    /// The distinct (scenario, step) pairs answered.
    pub steps: std::collections::BTreeSet<(String, String)>,
    pub disagreements: Vec<Disagreement>,
}

/// The judged sets: every folder in `root`, sorted.
pub fn sets(root: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .map_err(|e| format!("{}: {e}", root.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// Scores every judged answer under `dir` against the scenario library.
pub fn measure(dir: &Path) -> Result<Report, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut judged: Vec<(String, Judged)> = Vec::new();
    let mut scenarios: BTreeMap<String, library::Loaded> = BTreeMap::new();
    for file in files {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        let list: Vec<Judged> =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = file
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        for j in list {
            if !scenarios.contains_key(&j.scenario) {
                let loaded = library::resolve(&j.scenario, Lang::En)
                    .map_err(|e| format!("{name}: {}: {e:?}", j.scenario))?;
                scenarios.insert(j.scenario.clone(), loaded);
            }
            judged.push((name.clone(), j));
        }
    }
    // Each scenario compiled once, as a session does.
    let compiled: BTreeMap<&str, Compiled<'_>> = scenarios
        .iter()
        .map(|(id, l)| (id.as_str(), Compiled::new(&l.scenario)))
        .collect();
    let mut report = Report::default();
    for (file, j) in judged {
        let scorer = &compiled[j.scenario.as_str()];
        let scenario = scorer.scenario;
        let index = scenario
            .step_index(&j.step)
            .ok_or_else(|| format!("{file}: no step {} in {}", j.step, j.scenario))?;
        report.steps.insert((j.scenario.clone(), j.step.clone()));
        let verdict: StepVerdict = scorer.score(index, &j.answer);
        let good = match j.verdict.as_str() {
            "pass" => true,
            "fail" => false,
            other => return Err(format!("{file}: verdict {other:?}")),
        };
        let agreed = verdict.passed == good;
        report.total.add(good, agreed);
        report
            .by_skill
            .entry(scenario.skill.to_string())
            .or_default()
            .add(good, agreed);
        report
            .by_kind
            .entry(j.kind.clone())
            .or_default()
            .add(good, agreed);
        if !agreed {
            report.disagreements.push(Disagreement {
                file,
                missing: verdict.missing().iter().map(|m| m.to_string()).collect(),
                banned: verdict.banned_phrases(),
                judged: j,
            });
        }
    }
    Ok(report)
}

impl Report {
    /// Several sets' reports as one.
    pub fn combined(reports: &[Report]) -> Report {
        let mut all = Report::default();
        for r in reports {
            all.total.merge(&r.total);
            for (k, t) in &r.by_skill {
                all.by_skill.entry(k.clone()).or_default().merge(t);
            }
            for (k, t) in &r.by_kind {
                all.by_kind.entry(k.clone()).or_default().merge(t);
            }
            all.steps.extend(r.steps.iter().cloned());
            all.disagreements.extend(r.disagreements.iter().cloned());
        }
        all
    }
}

/// The figures as a table, the last line a one-line summary.
pub fn render(r: &Report, verbose: bool) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if verbose {
        for d in &r.disagreements {
            let j = &d.judged;
            let _ = writeln!(
                out,
                "{} {}/{} judged {} [{}]\n    customer: {}\n    answer: {}\n    reason: {}\n    scorer: missing {:?} banned {:?}",
                d.file,
                j.scenario,
                j.step,
                j.verdict,
                j.kind,
                j.customer,
                j.answer,
                j.reason,
                d.missing,
                d.banned
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "{:<12} {:>7} {:>10} {:>12} {:>13}",
        "skill", "answers", "agreement", "false fails", "false passes"
    );
    let row = |out: &mut String, name: &str, t: &Tally| {
        let _ = writeln!(
            out,
            "{:<12} {:>7} {:>9.1}% {:>5}/{:<3} {:>4.1}% {:>5}/{:<3} {:>4.1}%",
            name,
            t.total(),
            t.agreement(),
            t.false_fails,
            t.good,
            t.false_fail_rate(),
            t.false_passes,
            t.bad,
            t.false_pass_rate()
        );
    };
    for (skill, t) in &r.by_skill {
        row(&mut out, skill, t);
    }
    let _ = writeln!(out, "by kind:");
    for (kind, t) in &r.by_kind {
        row(&mut out, kind, t);
    }
    let t = &r.total;
    let _ = writeln!(
        out,
        "judged set: {} answers over {} steps; agreement {:.1}%, false fails {:.1}% of good, false passes {:.1}% of bad",
        t.total(),
        r.steps.len(),
        t.agreement(),
        t.false_fail_rate(),
        t.false_pass_rate()
    );
    out
}
