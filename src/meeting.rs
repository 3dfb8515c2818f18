//! The weekly role-play meeting: several trainees answer the same scenario with the
//! same seed, so each hears the same customer lines while they give the same kind of
//! answers. This module owns what a meeting means once it is played: who ranks where,
//! which answers belong to which step, which answer is the best, how a meeting is
//! named, and how `--answers NAME=FILE` pairs trainees with files. Plain data: playing,
//! recording and rendering happen in `app` and `report`.

use std::cmp::Reverse;
use std::path::PathBuf;

pub use crate::error::SpecProblem;
use crate::scenario::model::Scenario;
use crate::simulate::{Outcome, Summary, Turn};

/// One trainee's finished run.
#[derive(Debug, Clone)]
pub struct Entry {
    pub trainee: String,
    pub outcome: Outcome,
    pub summary: Summary,
}

impl Entry {
    /// Banned phrases hit over the whole run: the leaderboard's tie-breaker.
    pub fn banned_hits(&self) -> usize {
        self.outcome
            .turns
            .iter()
            .map(|t| t.verdict.banned.len())
            .sum()
    }
}

/// A played meeting; `entries` are in turn order.
#[derive(Debug, Clone)]
pub struct Meeting<'s> {
    pub id: String,
    pub seed: u64,
    pub scenario: &'s Scenario,
    pub entries: Vec<Entry>,
}

/// One line of the leaderboard. Trainees level on score and banned hits share a rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub rank: usize,
    /// Index into `Meeting::entries`.
    pub entry: usize,
}

/// Every answer given to one step, in turn order, and the best of them.
#[derive(Debug, Clone)]
pub struct StepAnswers<'m> {
    pub step: usize,
    pub answers: Vec<(&'m Entry, &'m Turn)>,
    /// Index into `answers`: the highest score, given by the best-ranked trainee, the
    /// earliest of theirs; `None` when no answer scored above 0.
    pub best: Option<usize>,
}

impl Meeting<'_> {
    /// Everyone passed: the meeting's exit code is 0.
    pub fn passed(&self) -> bool {
        self.entries.iter().all(|e| e.summary.passed)
    }

    /// Highest score first, then fewer banned hits, then name.
    pub fn leaderboard(&self) -> Vec<Standing> {
        let key = |i: usize| {
            let e = &self.entries[i];
            (Reverse(e.summary.score), e.banned_hits())
        };
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by(|&a, &b| {
            key(a)
                .cmp(&key(b))
                .then_with(|| self.entries[a].trainee.cmp(&self.entries[b].trainee))
        });
        let mut out: Vec<Standing> = Vec::with_capacity(order.len());
        for (position, &entry) in order.iter().enumerate() {
            let rank = match out.last() {
                Some(prev) if key(prev.entry) == key(entry) => prev.rank,
                _ => position + 1,
            };
            out.push(Standing { rank, entry });
        }
        out
    }

    /// The steps anyone answered, in the scenario's order, each with every answer
    /// given to it (a step visited twice by one trainee lists both answers).
    pub fn steps(&self) -> Vec<StepAnswers<'_>> {
        // Among equal scores the best answer is the better-ranked trainee's, then the
        // earlier one, so a retry after a failure does not outshine a first-time pass.
        let mut place = vec![0; self.entries.len()];
        for (position, st) in self.leaderboard().iter().enumerate() {
            place[st.entry] = position;
        }
        (0..self.scenario.steps.len())
            .filter_map(|step| {
                let answers: Vec<(usize, &Entry, &Turn)> = self
                    .entries
                    .iter()
                    .enumerate()
                    .flat_map(|(i, e)| e.outcome.turns.iter().map(move |t| (i, e, t)))
                    .filter(|(_, _, t)| t.step == step)
                    .collect();
                if answers.is_empty() {
                    return None;
                }
                let best = answers
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, _, t))| t.verdict.score > 0)
                    .min_by_key(|(n, (i, _, t))| (Reverse(t.verdict.score), place[*i], *n))
                    .map(|(n, _)| n);
                Some(StepAnswers {
                    step,
                    answers: answers.into_iter().map(|(_, e, t)| (e, t)).collect(),
                    best,
                })
            })
            .collect()
    }
}

/// Readable meeting ids for a day, in the order to try them: `2026-11-23-1`,
/// `2026-11-23-2`… The caller takes the first one its store has not used.
pub fn ids(date: &str) -> impl Iterator<Item = String> + '_ {
    (1_u32..).map(move |n| format!("{date}-{n}"))
}

/// The trainees, trimmed, in turn order; every name present and distinct.
pub fn trainees(names: &[String]) -> Result<Vec<String>, SpecProblem> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for name in names {
        let name = name.trim();
        if name.is_empty() {
            return Err(SpecProblem::EmptyName);
        }
        if out.iter().any(|n| n == name) {
            return Err(SpecProblem::DuplicateTrainee(name.to_owned()));
        }
        out.push(name.to_owned());
    }
    Ok(out)
}

/// Pairs each trainee, in turn order, with the answers file named by a `NAME=FILE`
/// spec. Every trainee needs exactly one; a spec must name a trainee.
pub fn answer_files(trainees: &[String], specs: &[String]) -> Result<Vec<PathBuf>, SpecProblem> {
    let mut files: Vec<Option<PathBuf>> = vec![None; trainees.len()];
    for spec in specs {
        let Some((name, file)) = spec.split_once('=') else {
            return Err(SpecProblem::Malformed(spec.clone()));
        };
        let name = name.trim();
        if name.is_empty() || file.is_empty() {
            return Err(SpecProblem::Malformed(spec.clone()));
        }
        let Some(i) = trainees.iter().position(|t| t == name) else {
            return Err(SpecProblem::UnknownTrainee(name.to_owned()));
        };
        if files[i].is_some() {
            return Err(SpecProblem::DuplicateAnswers(name.to_owned()));
        }
        files[i] = Some(PathBuf::from(file));
    }
    trainees
        .iter()
        .zip(files)
        .map(|(t, f)| f.ok_or_else(|| SpecProblem::MissingAnswers(t.clone())))
        .collect()
}

#[cfg(test)]
pub(crate) mod fixture {
    //! Played runs for the unit tests of meetings and their reports.

    use super::Entry;
    use crate::scenario::model::Scenario;
    use crate::scoring::Compiled;
    use crate::session::{self, Scripted};

    /// Each `(name, answers)` played on `scenario` with `seed`, in order.
    pub fn entries(scenario: &Scenario, seed: u64, runs: &[(&str, &[&str])]) -> Vec<Entry> {
        let compiled = Compiled::new(scenario);
        runs.iter()
            .map(|(name, answers)| {
                let answers: Vec<String> = answers.iter().map(|a| (*a).to_owned()).collect();
                let outcome = session::run(&compiled, seed, &mut Scripted::new(&answers))
                    .unwrap_or_else(|e| panic!("{e:?}"));
                Entry {
                    trainee: (*name).to_owned(),
                    summary: outcome.summary(scenario),
                    outcome,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "id: m\ntitle: t\nskill: fab\nbanned: [保证]\nsteps:\n  - {id: a, customer: x, required: [您好, 李先生]}\n  - {id: b, customer: y, required: [谢谢]}\n";

    fn meeting(scenario: &Scenario, runs: &[(&str, &[&str])]) -> Vec<Entry> {
        fixture::entries(scenario, 1, runs)
    }

    fn scenario() -> Scenario {
        crate::scenario::fixture::scenario(YAML)
    }

    #[test]
    fn the_leaderboard_orders_by_score_then_banned_hits_then_name() {
        let s = scenario();
        let entries = meeting(
            &s,
            &[
                ("王五", &["您好", "谢谢"]),           // 50, 100 → 75
                ("张三", &["您好李先生", "谢谢"]),     // 100
                ("李四", &["您好李先生保证", "谢谢"]), // 0 (banned), 100 → 50
                ("赵六", &["您好", "谢谢"]),           // 75, level with 王五
                ("钱七", &["您好", "谢谢保证"]),       // 50, 0 → 25
            ],
        );
        let m = Meeting {
            id: "x".into(),
            seed: 1,
            scenario: &s,
            entries,
        };
        let board: Vec<(usize, &str)> = m
            .leaderboard()
            .iter()
            .map(|st| (st.rank, m.entries[st.entry].trainee.as_str()))
            .collect();
        assert_eq!(
            board,
            [
                (1, "张三"),
                (2, "王五"),
                (2, "赵六"),
                (4, "李四"),
                (5, "钱七")
            ]
        );
        assert!(!m.passed());
    }

    #[test]
    fn fewer_banned_hits_rank_higher_at_the_same_score() {
        let s = scenario();
        let entries = meeting(
            &s,
            // By name alone 乙 (U+4E59) would come first.
            &[("乙", &["保证", "保证"]), ("甲", &["好", "好"])],
        );
        let m = Meeting {
            id: "x".into(),
            seed: 1,
            scenario: &s,
            entries,
        };
        let first = m.leaderboard()[0].entry;
        assert_eq!(m.entries[first].trainee, "甲");
    }

    #[test]
    fn steps_group_answers_and_mark_the_best_ranked_highest() {
        let s = scenario();
        let entries = meeting(
            &s,
            &[
                ("甲", &["您好", "谢谢"]),
                ("乙", &["您好李先生", "谢谢"]),
                ("丙", &["您好李先生", "不"]),
            ],
        );
        let m = Meeting {
            id: "x".into(),
            seed: 1,
            scenario: &s,
            entries,
        };
        let steps = m.steps();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].answers.len(), 3);
        // Leaderboard: 乙 100, 甲 75, 丙 50.
        assert_eq!(steps[0].best, Some(1));
        assert_eq!(steps[1].best, Some(1));
        let none = meeting(&s, &[("甲", &["不", "不"])]);
        let m = Meeting { entries: none, ..m };
        assert_eq!(m.steps()[0].best, None);
    }

    #[test]
    fn ids_count_up_within_a_day() {
        let first: Vec<String> = ids("2026-11-23").take(3).collect();
        assert_eq!(first, ["2026-11-23-1", "2026-11-23-2", "2026-11-23-3"]);
    }

    #[track_caller]
    fn case(specs: &[&str], expected: Result<Vec<&str>, SpecProblem>) {
        let trainees = vec!["张三".to_owned(), "李四".to_owned()];
        let specs: Vec<String> = specs.iter().map(|s| (*s).to_owned()).collect();
        let expected = expected.map(|v| v.into_iter().map(PathBuf::from).collect::<Vec<_>>());
        assert_eq!(answer_files(&trainees, &specs), expected, "{specs:?}");
    }

    #[test]
    fn answers_specs_pair_every_trainee_with_one_file() {
        use SpecProblem::*;
        case(
            &["李四=b.yaml", "张三=a.yaml"],
            Ok(vec!["a.yaml", "b.yaml"]),
        );
        case(&["张三=a=b.yaml", "李四=b"], Ok(vec!["a=b.yaml", "b"]));
        case(&["张三a.yaml"], Err(Malformed("张三a.yaml".into())));
        case(&["=a.yaml"], Err(Malformed("=a.yaml".into())));
        case(&["张三="], Err(Malformed("张三=".into())));
        case(&["王五=a.yaml"], Err(UnknownTrainee("王五".into())));
        case(&["张三=a", "张三=b"], Err(DuplicateAnswers("张三".into())));
        case(&["张三=a"], Err(MissingAnswers("李四".into())));
    }

    #[test]
    fn trainee_names_are_trimmed_present_and_distinct() {
        let names = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            trainees(&names(&[" 张三 ", "李四"])),
            Ok(names(&["张三", "李四"]))
        );
        assert_eq!(
            trainees(&names(&["张三", " "])),
            Err(SpecProblem::EmptyName)
        );
        assert_eq!(
            trainees(&names(&["张三", "张三 "])),
            Err(SpecProblem::DuplicateTrainee("张三".into()))
        );
    }
}
