//! A mutation fuzzer for everything rehearse reads: the shipped scenarios, mutated
//! (bytes flipped, inserted, deleted, duplicated; YAML anchors, aliases, tags, deep
//! nesting and control chars spliced in), go through the scenario loader and the
//! rules-file loader; every scenario that loads is compiled and scored on random
//! answers. Each input runs under `catch_unwind`, and its time is measured, so a
//! panic or a slow input is counted and named. Shared by `examples/fuzz` (the long
//! run, `scripts/fuzz.sh`) and `tests/fuzz.rs` (a short run in the suite).

use std::path::Path;
use std::time::{Duration, Instant};

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;
use rehearse::i18n::Lang;
use rehearse::scoring::Compiled;

/// What a run found.
#[derive(Debug, Default)]
pub struct Findings {
    pub inputs: usize,
    pub loaded: usize,
    pub answers: usize,
    pub panics: Vec<String>,
    /// Inputs that took longer than the slow limit, with their time.
    pub slow: Vec<(String, Duration)>,
    pub slowest: Duration,
}

/// Splices that make YAML interesting.
const SPLICES: &[&str] = &[
    "&a ",
    "*a",
    "&b [*a, *a, *a, *a]",
    "[[[[[[[[",
    "]]]]",
    "{{{",
    "!!binary ",
    "!x ",
    "? ",
    "- ",
    ": ",
    "\n  - ",
    "\n",
    "\"",
    "'",
    "\\e]52;c;eA==\\a",
    "\u{1b}",
    "\u{7}",
    "\u{9b}",
    "\u{0}",
    "\u{feff}",
    "#",
    "|\n",
    ">\n",
    "…",
    "...",
    "---\n",
    "%YAML 1.2\n",
    "𠀀",
    "concept: guarantee",
    "concept: nope",
    "unless_negated: true",
    "alone: true",
];

/// Words answers are made of: the phrase language's hard cases.
const WORDS: &[&str] = &[
    "您好",
    "你好",
    "不",
    "没有",
    "保证",
    "风险",
    "理解",
    "心情",
    "请",
    "稍等",
    "吗",
    "呢。",
    "，",
    "?",
    " ",
    "还是",
    "不知道",
    "您",
    "是否",
    "保本",
    "\u{1b}",
    "理財",
    "ＡＢＣ",
    "100%",
];

fn mutate(rng: &mut Pcg64, seed: &[u8]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    // Half the inputs keep their structure: words spliced into values, so most load
    // and the scorer sees strange phrases; the other half break anything.
    if rng.random() {
        for _ in 0..rng.random_range(1..=4) {
            let values: Vec<usize> = bytes
                .windows(2)
                .enumerate()
                .filter(|(_, w)| w == b": ")
                .map(|(i, _)| i + 2)
                .collect();
            if values.is_empty() {
                break;
            }
            let at = values[rng.random_range(0..values.len())];
            let words: String = (0..rng.random_range(1..4))
                .map(|_| WORDS[rng.random_range(0..WORDS.len())])
                .filter(|w| !w.contains(['\u{1b}', '?', '，', ' ']))
                .collect();
            bytes.splice(at..at, words.bytes());
        }
        return bytes;
    }
    for _ in 0..rng.random_range(1..=4) {
        let at = if bytes.is_empty() {
            0
        } else {
            rng.random_range(0..bytes.len())
        };
        match rng.random_range(0..6) {
            0 if !bytes.is_empty() => bytes[at] = rng.random(),
            1 => {
                let s = SPLICES[rng.random_range(0..SPLICES.len())].as_bytes();
                bytes.splice(at..at, s.iter().copied());
            }
            2 if !bytes.is_empty() => {
                let end = (at + rng.random_range(1..64)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 if !bytes.is_empty() => {
                let end = (at + rng.random_range(1..256)).min(bytes.len());
                let chunk: Vec<u8> = bytes[at..end].to_vec();
                for _ in 0..rng.random_range(1..20) {
                    bytes.splice(at..at, chunk.iter().copied());
                }
            }
            4 => bytes.insert(at.min(bytes.len()), rng.random_range(0..0x20)),
            _ => {
                let s = SPLICES[rng.random_range(0..SPLICES.len())].as_bytes();
                bytes.extend_from_slice(s);
            }
        }
    }
    bytes
}

fn answer(rng: &mut Pcg64) -> String {
    (0..rng.random_range(0..30))
        .map(|_| WORDS[rng.random_range(0..WORDS.len())])
        .collect()
}

/// One input through every reader; the number of answers scored.
fn exercise(bytes: &[u8], rng: &mut Pcg64, loaded: &mut usize) -> usize {
    let path = Path::new("fuzz.yaml");
    let _ = rehearse::grade::rules::parse(path, bytes, Lang::En);
    let Ok(scenario) = rehearse::scenario::load::parse(path, bytes, Lang::En) else {
        return 0;
    };
    *loaded += 1;
    let compiled = Compiled::new(&scenario);
    let mut scored = 0;
    for step in 0..scenario.steps.len() {
        for _ in 0..3 {
            let _ = compiled.score(step, &answer(rng));
            scored += 1;
        }
    }
    scored
}

/// Runs `inputs` mutations of `seeds` with `seed`; an input slower than `slow` is
/// reported.
pub fn run(seeds: &[(String, Vec<u8>)], inputs: usize, seed: u64, slow: Duration) -> Findings {
    let mut rng = Pcg64::seed_from_u64(seed);
    let mut found = Findings::default();
    // A panic is a finding, not a crash of the harness; its message is kept.
    std::panic::set_hook(Box::new(|_| {}));
    for i in 0..inputs {
        let (name, base) = &seeds[i % seeds.len()];
        let bytes = mutate(&mut rng, base);
        let mut case_rng = Pcg64::seed_from_u64(rng.random());
        let started = Instant::now();
        let mut loaded = 0;
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            exercise(&bytes, &mut case_rng, &mut loaded)
        }));
        let took = started.elapsed();
        found.inputs += 1;
        found.loaded += loaded;
        found.slowest = found.slowest.max(took);
        match outcome {
            Ok(n) => found.answers += n,
            Err(e) => {
                let what = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                found
                    .panics
                    .push(format!("input {i} (from {name}): {what}"));
            }
        }
        if took > slow {
            found.slow.push((format!("input {i} (from {name})"), took));
        }
    }
    let _ = std::panic::take_hook();
    found
}

/// The shipped scenarios (and one rules-shaped file) to mutate.
pub fn seeds(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    if let Ok(files) = rehearse::scenario::load::yaml_files(&root.join("scenarios")) {
        for f in files {
            if let Ok(b) = std::fs::read(&f) {
                out.push((f.display().to_string(), b));
            }
        }
    }
    if let Ok(b) = std::fs::read(root.join("rules/service-taboos.yaml")) {
        out.push(("rules/service-taboos.yaml".into(), b));
    }
    out
}

/// Peak resident memory of this process so far, in KiB.
pub fn peak_rss_kb() -> i64 {
    // SAFETY: `rusage` is plain data that getrusage fills for this process.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss
}
