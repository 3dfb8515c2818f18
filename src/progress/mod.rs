//! Progress arithmetic over recorded runs: the `list` rows, the per-skill `progress`
//! report with its trend sparklines and weakest skill, the recommended next scenario,
//! and the `history` entries. Pure: it takes the scenarios available and one trainee's
//! runs (or the store's per-scenario stats) and returns plain serialisable structs;
//! reading the store and printing belong to `app` and `report::progress`.
//!
//! Definitions the JSON output promises: `pass_rate` is the share of runs passed, as a
//! whole percentage; `mean_best` is the mean of the best scores of the skill's tried
//! scenarios; `level` is the highest difficulty among passed scenarios (0 when none).
//! Runs of scenarios no longer available count in the total `attempts` and are listed
//! under `retired`, but their skill and difficulty are unknown, so no skill and no
//! level counts them.

use std::collections::{HashMap, HashSet};

use serde::{Serialize, Serializer};

use crate::i18n::{Lang, msg};
use crate::record::{ScenarioStats, StoredRun};
use crate::scenario::model::{Skill, Summary};

/// How many of a skill's latest scores its trend shows.
pub const TREND_LEN: usize = 10;

/// The hardest difficulty a scenario can have (spec §1).
pub const MAX_DIFFICULTY: u8 = 5;

const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One row of `rehearse list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListRow {
    pub id: String,
    pub title: String,
    #[serde(serialize_with = "skill_name")]
    pub skill: Skill,
    pub difficulty: u8,
    /// `None` when never tried.
    pub best: Option<u8>,
    pub attempts: u32,
}

/// One skill's line of `rehearse progress`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SkillProgress {
    #[serde(serialize_with = "skill_name")]
    pub skill: Skill,
    pub available: u32,
    pub tried: u32,
    pub attempts: u32,
    pub passes: u32,
    pub pass_rate: Option<u8>,
    pub best: Option<u8>,
    pub latest: Option<u8>,
    /// Rounded to one decimal.
    pub mean_best: Option<f64>,
    /// The last [`TREND_LEN`] scores, oldest first.
    pub recent: Vec<u8>,
    /// `recent` as a sparkline.
    pub trend: String,
}

/// Runs of a scenario that is no longer available.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Retired {
    pub scenario_id: String,
    pub attempts: u32,
}

/// The scenario to practise next, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recommendation {
    pub scenario_id: String,
    pub title: String,
    #[serde(serialize_with = "skill_name")]
    pub skill: Skill,
    pub difficulty: u8,
    /// The difficulty aimed at: one above `level`, at most [`MAX_DIFFICULTY`].
    pub target: u8,
    /// `None` when never tried.
    pub best: Option<u8>,
    /// The scenario belongs to the weakest skill.
    pub weakest_skill: bool,
    /// One sentence in the user's language.
    pub reason: String,
}

/// The whole `rehearse progress` report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    pub trainee: String,
    /// Every run, retired scenarios included.
    pub attempts: u32,
    pub level: u8,
    /// All eight skills, in [`Skill::ALL`] order.
    pub skills: Vec<SkillProgress>,
    #[serde(serialize_with = "opt_skill_name")]
    pub weakest: Option<Skill>,
    pub recommendation: Option<Recommendation>,
    pub retired: Vec<Retired>,
}

/// One run of `rehearse history`: the stored run, flat, with its scenario's title
/// when that scenario is still available.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    #[serde(flatten)]
    pub run: StoredRun,
    pub title: Option<String>,
    /// Each recorded step's title (its id when the scenario no longer has the step):
    /// for people; JSON keeps the ids.
    #[serde(skip)]
    pub step_titles: Vec<String>,
}

fn skill_name<S: Serializer>(skill: &Skill, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(skill.as_str())
}

fn opt_skill_name<S: Serializer>(skill: &Option<Skill>, s: S) -> Result<S::Ok, S::Error> {
    match skill {
        Some(k) => s.serialize_str(k.as_str()),
        None => s.serialize_none(),
    }
}

fn skill_rank(skill: Skill) -> usize {
    Skill::ALL
        .iter()
        .position(|&k| k == skill)
        .unwrap_or(Skill::ALL.len())
}

/// The first scenario of each id: a duplicated id in `./scenarios` must not be
/// counted twice (the library resolves an id to its first file too).
fn unique(scenarios: &[Summary]) -> Vec<&Summary> {
    let mut seen = HashSet::new();
    scenarios
        .iter()
        .filter(|s| seen.insert(s.id.as_str()))
        .collect()
}

/// `list` rows, optionally of one skill, sorted by skill, difficulty, then id.
pub fn list(scenarios: &[Summary], stats: &[ScenarioStats], skill: Option<Skill>) -> Vec<ListRow> {
    let by_id: HashMap<&str, &ScenarioStats> =
        stats.iter().map(|s| (s.scenario_id.as_str(), s)).collect();
    // The first of each id, as the library resolves an id to its first file.
    let mut seen = HashSet::new();
    let mut rows: Vec<ListRow> = scenarios
        .iter()
        .filter(|s| seen.insert(s.id.as_str()))
        .filter(|s| skill.is_none_or(|k| s.skill == k))
        .map(|s| {
            let st = by_id.get(s.id.as_str());
            ListRow {
                id: s.id.clone(),
                title: s.title.clone(),
                skill: s.skill,
                difficulty: s.difficulty,
                best: st.map(|st| st.best),
                attempts: st.map_or(0, |st| st.attempts),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (skill_rank(a.skill), a.difficulty, &a.id).cmp(&(skill_rank(b.skill), b.difficulty, &b.id))
    });
    rows
}

/// `scores` (0..=100) as one bar each.
pub fn sparkline(scores: &[u8]) -> String {
    scores
        .iter()
        .map(|&s| BARS[(usize::from(s.min(100)) * BARS.len() / 100).min(BARS.len() - 1)])
        .collect()
}

/// One scenario's runs, folded.
#[derive(Debug, Default, Clone, Copy)]
struct Tally {
    attempts: u32,
    passes: u32,
    best: u8,
}

/// The `progress` report of `trainee`, whose runs (oldest first) are `runs`.
pub fn progress(trainee: &str, scenarios: &[Summary], runs: &[StoredRun], lang: Lang) -> Progress {
    let scenarios = unique(scenarios);
    let known: HashMap<&str, &Summary> = scenarios.iter().map(|s| (s.id.as_str(), *s)).collect();
    let mut tally: HashMap<&str, Tally> = HashMap::new();
    let mut retired: Vec<Retired> = Vec::new();
    let mut scores: HashMap<Skill, Vec<u8>> = HashMap::new();
    for r in runs.iter().map(|r| &r.run) {
        let t = tally.entry(r.scenario_id.as_str()).or_default();
        t.attempts = t.attempts.saturating_add(1);
        t.passes = t.passes.saturating_add(u32::from(r.passed));
        t.best = t.best.max(r.score);
        match known.get(r.scenario_id.as_str()) {
            Some(s) => scores.entry(s.skill).or_default().push(r.score),
            None => match retired.iter_mut().find(|x| x.scenario_id == r.scenario_id) {
                Some(x) => x.attempts = x.attempts.saturating_add(1),
                None => retired.push(Retired {
                    scenario_id: r.scenario_id.clone(),
                    attempts: 1,
                }),
            },
        }
    }
    let skills: Vec<SkillProgress> = Skill::ALL
        .into_iter()
        .map(|skill| {
            let mine: Vec<Tally> = scenarios
                .iter()
                .filter(|s| s.skill == skill)
                .map(|s| tally.get(s.id.as_str()).copied().unwrap_or_default())
                .collect();
            skill_progress(skill, &mine, scores.remove(&skill).unwrap_or_default())
        })
        .collect();
    let weakest = skills
        .iter()
        .filter_map(|s| s.mean_best.map(|m| (s.skill, m)))
        // `min_by` keeps the first of equals, so a tie goes to the earlier skill.
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(k, _)| k);
    let level = scenarios
        .iter()
        .filter(|s| tally.get(s.id.as_str()).is_some_and(|t| t.passes > 0))
        .map(|s| s.difficulty)
        .max()
        .unwrap_or(0);
    let recommendation = choose(&scenarios, &tally, weakest, level, lang);
    Progress {
        trainee: trainee.to_owned(),
        attempts: u32::try_from(runs.len()).unwrap_or(u32::MAX),
        level,
        skills,
        weakest,
        recommendation,
        retired,
    }
}

fn skill_progress(skill: Skill, mine: &[Tally], scores: Vec<u8>) -> SkillProgress {
    let tried: Vec<&Tally> = mine.iter().filter(|t| t.attempts > 0).collect();
    let attempts: u32 = tried.iter().map(|t| t.attempts).sum();
    let passes: u32 = tried.iter().map(|t| t.passes).sum();
    let mean_best = (!tried.is_empty()).then(|| {
        let sum: f64 = tried.iter().map(|t| f64::from(t.best)).sum();
        (sum / tried.len() as f64 * 10.0).round() / 10.0
    });
    let recent = scores[scores.len().saturating_sub(TREND_LEN)..].to_vec();
    SkillProgress {
        skill,
        available: u32::try_from(mine.len()).unwrap_or(u32::MAX),
        tried: u32::try_from(tried.len()).unwrap_or(u32::MAX),
        attempts,
        passes,
        // Rounded half up, in integers: 1 of 3 is 33, 2 of 3 is 67.
        pass_rate: (attempts > 0).then(|| {
            let rate = (200 * u64::from(passes) + u64::from(attempts)) / (2 * u64::from(attempts));
            u8::try_from(rate).unwrap_or(100)
        }),
        best: scores.iter().copied().max(),
        latest: scores.last().copied(),
        mean_best,
        trend: sparkline(&recent),
        recent,
    }
}

/// The scenario to practise next (the rule is in [`recommend`]).
fn choose(
    scenarios: &[&Summary],
    tally: &HashMap<&str, Tally>,
    weakest: Option<Skill>,
    level: u8,
    lang: Lang,
) -> Option<Recommendation> {
    let target = level.saturating_add(1).min(MAX_DIFFICULTY);
    let present = || scenarios.iter().map(|s| s.difficulty);
    let difficulty = if present().any(|d| d == target) {
        target
    } else {
        present()
            .filter(|&d| d < target)
            .max()
            .or_else(|| present().filter(|&d| d > target).min())?
    };
    let best = |s: &Summary| {
        tally
            .get(s.id.as_str())
            .filter(|t| t.attempts > 0)
            .map(|t| t.best)
    };
    let chosen = scenarios
        .iter()
        .filter(|s| s.difficulty == difficulty)
        .min_by_key(|s| {
            let b = best(s);
            (
                b.is_some(),
                weakest != Some(s.skill),
                b.unwrap_or(0),
                skill_rank(s.skill),
                s.id.as_str(),
            )
        })?;
    let best = best(chosen);
    let weakest_skill = weakest == Some(chosen.skill);
    Some(Recommendation {
        scenario_id: chosen.id.clone(),
        title: chosen.title.clone(),
        skill: chosen.skill,
        difficulty,
        target,
        best,
        weakest_skill,
        reason: reason(
            lang,
            level,
            target,
            difficulty,
            best,
            weakest.filter(|_| weakest_skill),
        ),
    })
}

/// The recommendation as one sentence, built from catalogue parts.
fn reason(
    lang: Lang,
    level: u8,
    target: u8,
    difficulty: u8,
    best: Option<u8>,
    weakest: Option<Skill>,
) -> String {
    let mut out = match level {
        0 => msg::REASON_NOTHING_PASSED.get(lang).to_owned(),
        n => msg::REASON_PASSED.fill(lang, &[&n]),
    };
    out.push_str(msg::REASON_THEN.get(lang));
    if difficulty != target {
        out.push_str(&msg::REASON_NO_TARGET.fill(lang, &[&target]));
    }
    out.push_str(&match best {
        None => msg::REASON_NEW.fill(lang, &[&difficulty]),
        Some(b) => msg::REASON_LOWEST.fill(lang, &[&difficulty, &b]),
    });
    if let Some(k) = weakest {
        out.push_str(&msg::REASON_WEAKEST.fill(lang, &[&k.display(lang)]));
    }
    out.push_str(msg::REASON_END.get(lang));
    out
}

/// The scenario to practise next, for `trainee`'s runs (oldest first), or `None` when
/// no scenario is available. The target difficulty is one above the hardest scenario
/// passed (1 when none, at most 5); without a scenario at the target, the nearest
/// difficulty below it, else the nearest above. Among that difficulty's scenarios:
/// never tried before tried; then those of the weakest skill; then the lowest best
/// score; then by skill and id, so the choice is stable.
pub fn recommend(scenarios: &[Summary], runs: &[StoredRun], lang: Lang) -> Option<Recommendation> {
    progress("", scenarios, runs, lang).recommendation
}

/// `history` entries: each run with its scenario's title when still available.
/// `scenarios` are the available ones (as listed, the first of each id first);
/// `step_title` names a step of one of them (scenario id, step id), `None` leaving
/// its id shown.
pub fn history(
    scenarios: &[Summary],
    runs: Vec<StoredRun>,
    step_title: impl Fn(&str, &str) -> Option<String>,
) -> Vec<HistoryEntry> {
    let titles: HashMap<&str, &str> = unique(scenarios)
        .into_iter()
        .map(|s| (s.id.as_str(), s.title.as_str()))
        .collect();
    runs.into_iter()
        .map(|run| {
            let id = run.run.scenario_id.as_str();
            let title = titles.get(id).map(|t| (*t).to_owned());
            let step_titles = run
                .run
                .steps
                .iter()
                .map(|r| step_title(id, &r.step_id).unwrap_or_else(|| r.step_id.clone()))
                .collect();
            HistoryEntry {
                title,
                step_titles,
                run,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
