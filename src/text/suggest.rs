//! "Did you mean": the known ids closest to one a person typed. An id is near when
//! it is a small edit away (`spin-payrol-saving`), shares most of the typed id's
//! words (`complaint-fee` → `complaint-fee-three-days`), or when the typed text is
//! found in a name people read for it, in any script (`投诉` → a scenario titled
//! 客户投诉被扣管理费, `投訴處理` → the skill 投诉处理).

use super::normalize::normalize;
use crate::error::Near;

/// How many suggestions are given at most.
pub const MAX: usize = 3;

/// Below this closeness (0–1) a known id is not suggested.
const THRESHOLD: f64 = 0.55;

/// Nor when it is this much less close than the nearest: after an id one typo away,
/// ids that only share a word with the typed one are noise.
const BEHIND: f64 = 0.2;

/// One known id and the names a person reads for it (titles, display names).
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub id: &'a str,
    pub names: &'a [&'a str],
}

/// The indices into `candidates` of up to [`MAX`] ids near `typed`, nearest first
/// (ties keep the candidates' order). Nothing when none is near, or `typed` is blank.
pub fn nearest(typed: &str, candidates: &[Candidate]) -> Vec<usize> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Vec::new();
    }
    let lower = typed.to_lowercase();
    let folded = normalize(typed);
    // (closeness, likeness of the ids as strings for ties, index)
    let mut scored: Vec<(f64, f64, usize)> = candidates
        .iter()
        .enumerate()
        .filter(|(_, c)| c.id != typed)
        .map(|(i, c)| {
            let (score, edit) = closeness(&lower, &folded, c);
            (score, edit, i)
        })
        .filter(|(s, _, _)| *s >= THRESHOLD)
        .collect();
    scored.sort_by(|a, b| {
        (b.0.total_cmp(&a.0))
            .then(b.1.total_cmp(&a.1))
            .then(a.2.cmp(&b.2))
    });
    let best = scored.first().map_or(0.0, |s| s.0);
    scored
        .into_iter()
        .take_while(|s| s.0 >= best - BEHIND)
        .take(MAX)
        .map(|s| s.2)
        .collect()
}

/// The ids of `known` (id, title) near `typed`, each with its title, nearest first.
pub fn near_titled<'a>(
    typed: &str,
    known: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<Near> {
    let known: Vec<(&str, [&str; 1])> = known.into_iter().map(|(id, t)| (id, [t])).collect();
    let candidates: Vec<Candidate> = known
        .iter()
        .map(|(id, names)| Candidate { id, names })
        .collect();
    nearest(typed, &candidates)
        .into_iter()
        .map(|i| Near::titled(known[i].0, known[i].1[0]))
        .collect()
}

/// How close one candidate is, 0–1 (the best of the ways it can be near), and how
/// alike the ids are as strings.
fn closeness(lower: &str, folded: &str, c: &Candidate) -> (f64, f64) {
    let id = c.id.to_lowercase();
    let edit = strsim::normalized_damerau_levenshtein(lower, &id);
    if id == lower || c.names.iter().any(|n| n.to_lowercase() == lower) {
        return (1.0, edit);
    }
    // A small edit, ranked above shared words: one typo is the likelier slip.
    let typo = if edit >= 0.7 { 0.5 + edit / 2.0 } else { edit };
    let words = shared_words(lower, &id).map_or(0.0, |f| 0.4 + 0.5 * f);
    let named = c
        .names
        .iter()
        .filter_map(|n| found_in(folded, &normalize(n)))
        .fold(0.0, f64::max);
    (typo.max(words).max(named), edit)
}

/// The share of the typed id's words (between `-`, `_`, `.` or spaces) that are words
/// of `id`, a word of four or more letters matching with one letter wrong; `None`
/// when none is.
fn shared_words(typed: &str, id: &str) -> Option<f64> {
    let split = |s: &str| -> Vec<String> {
        s.split(['-', '_', '.', ' '])
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let (typed, id) = (split(typed), split(id));
    let same = |a: &str, b: &str| {
        a == b || (a.chars().count() >= 4 && strsim::damerau_levenshtein(a, b) <= 1)
    };
    let shared = typed
        .iter()
        .filter(|t| id.iter().any(|w| same(t, w)))
        .count();
    (shared > 0).then(|| shared as f64 / typed.len().max(1) as f64)
}

/// How well the typed text (normalised) is found in a name (normalised): 0.3 + 0.6 ×
/// the share of its pairs of adjacent chars (its single char, if it has only one CJK
/// char) that the name holds, when that share is at least half; `None` otherwise.
/// Two Latin letters alone are too common to mean anything.
fn found_in(typed: &str, name: &str) -> Option<f64> {
    let chars: Vec<char> = typed.chars().collect();
    let share = match chars.as_slice() {
        [] => return None,
        [one] if is_cjk(*one) => f64::from(u8::from(name.contains(*one))),
        [_] => return None,
        [_, _] if !chars.iter().any(|c| is_cjk(*c)) => return None,
        _ => {
            let name: Vec<char> = name.chars().collect();
            let pairs: Vec<&[char]> = chars.windows(2).collect();
            let held = pairs
                .iter()
                .filter(|p| name.windows(2).any(|n| n == **p))
                .count();
            held as f64 / pairs.len() as f64
        }
    };
    (share >= 0.5).then_some(0.3 + 0.6 * share)
}

fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{f900}'..='\u{faff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Some of the library's scenarios, with their titles.
    const LIBRARY: &[(&str, &str)] = &[
        ("spin-payroll-saving", "代发工资客户:问出储蓄需求"),
        ("spin-lobby-waiting", "大堂等候的客户:从寒暄到需求"),
        ("fab-three-month-deposit", "三个月定期存款:讲清利益"),
        ("complaint-long-wait", "大厅里客户抱怨排队太久"),
        (
            "complaint-fee-three-days",
            "客户投诉被扣管理费:受理、上报,三个工作日内回复",
        ),
        (
            "complaint-callback-unsatisfied",
            "电话回复投诉:先报身份,客户仍不满意时耐心倾听、诚恳道歉",
        ),
        ("phone-inbound-greeting", "来电问候"),
    ];

    fn near(typed: &str) -> Vec<&'static str> {
        let titles: Vec<[&str; 1]> = LIBRARY.iter().map(|(_, t)| [*t]).collect();
        let candidates: Vec<Candidate> = LIBRARY
            .iter()
            .zip(&titles)
            .map(|((id, _), names)| Candidate { id, names })
            .collect();
        nearest(typed, &candidates)
            .into_iter()
            .map(|i| LIBRARY[i].0)
            .collect()
    }

    #[test]
    fn a_typo_in_an_id_suggests_the_id() {
        assert_eq!(near("spin-payrol-saving"), ["spin-payroll-saving"]);
        assert_eq!(near("complaint-lnog-wait")[0], "complaint-long-wait");
        assert_eq!(near("Phone-Inbound-Greeting"), ["phone-inbound-greeting"]);
    }

    #[test]
    fn shared_words_suggest_ids_most_alike_first() {
        assert_eq!(near("complaint-fee"), ["complaint-fee-three-days"]);
        assert_eq!(
            near("complaint"),
            [
                "complaint-long-wait",
                "complaint-fee-three-days",
                "complaint-callback-unsatisfied"
            ]
        );
        assert_eq!(near("deposit"), ["fab-three-month-deposit"]);
        // A made-up id of a known skill: that skill's scenarios, most alike first.
        let spin = near("spin-discovery-deposit");
        assert!(spin.contains(&"spin-payroll-saving"), "{spin:?}");
        assert!(spin.contains(&"spin-lobby-waiting"), "{spin:?}");
        assert!(spin.len() <= MAX);
    }

    #[test]
    fn words_of_a_title_suggest_its_id_in_either_script() {
        assert_eq!(
            near("投诉"),
            ["complaint-fee-three-days", "complaint-callback-unsatisfied"]
        );
        assert_eq!(near("投訴"), near("投诉"));
        assert_eq!(near("排队太久"), ["complaint-long-wait"]);
        assert_eq!(near("管理费投诉")[0], "complaint-fee-three-days");
    }

    #[test]
    fn nothing_near_suggests_nothing() {
        assert!(near("xyz").is_empty());
        assert!(near("").is_empty());
        assert!(near("  ").is_empty());
        assert!(near("ab").is_empty(), "two Latin letters mean nothing");
        assert!(near("保险").is_empty());
        // The typed id itself is never suggested to the user.
        assert!(!near("complaint-long-wait").contains(&"complaint-long-wait"));
    }

    #[test]
    fn a_name_typed_whole_is_the_nearest() {
        let names = [["投诉处理", "complaints"], ["电话沟通", "telephone"]];
        let candidates = [
            Candidate {
                id: "complaint",
                names: &names[0],
            },
            Candidate {
                id: "phone",
                names: &names[1],
            },
        ];
        assert_eq!(nearest("投诉处理", &candidates), [0]);
        assert_eq!(nearest("投訴處理", &candidates), [0]);
        assert_eq!(nearest("Telephone", &candidates), [1]);
        assert_eq!(nearest("complain", &candidates), [0]);
        assert_eq!(nearest("phnoe", &candidates), [1]);
        assert_eq!(nearest("电话", &candidates), [1]);
    }
}
