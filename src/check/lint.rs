//! Warnings for authors: things that are valid but almost certainly not meant
//! (a step nobody reaches, a phrase both required and banned, an `except` that can
//! never apply…). They never change `check`'s exit code unless `--strict`.

use std::cell::OnceCell;
use std::path::Path;

use crate::error::Located;
use crate::i18n::{Lang, msg};
use crate::scoring::Compiled;
use crate::text::matcher::forms;

use crate::report::check::reasons;
use crate::scenario::model::{Banned, Next, Scenario};
use crate::yaml::Positions;

/// Steps reachable from the first one through `on_pass`, `on_fail` and order.
pub fn reachable(s: &Scenario) -> Vec<bool> {
    let mut seen = vec![false; s.steps.len()];
    let mut stack = vec![0usize];
    while let Some(i) = stack.pop() {
        if i >= s.steps.len() || seen[i] {
            continue;
        }
        seen[i] = true;
        let step = &s.steps[i];
        for next in [step.on_pass, step.on_fail] {
            match next.unwrap_or(Next::Step(i + 1)) {
                Next::Step(n) => stack.push(n),
                Next::End => {}
            }
        }
    }
    seen
}

struct Linter<'a> {
    path: &'a Path,
    lang: Lang,
    text: &'a str,
    /// Found only when there is a warning to place: most files have none.
    positions: OnceCell<Positions>,
    out: Vec<Located>,
}

impl Linter<'_> {
    fn warn(&mut self, field: &str, message: String) {
        let pos = self
            .positions
            .get_or_init(|| Positions::of(self.text))
            .at(field);
        self.out.push(Located {
            path: self.path.to_owned(),
            line: pos.line,
            column: pos.column,
            message: msg::WARNING.fill(self.lang, &[&message]),
        });
    }
}

/// Every warning for one valid scenario, in file order.
pub fn warnings(path: &Path, compiled: &Compiled<'_>, text: &str, lang: Lang) -> Vec<Located> {
    let s = compiled.scenario;
    let mut l = Linter {
        path,
        lang,
        text,
        positions: OnceCell::new(),
        out: Vec::new(),
    };
    let reached = reachable(s);
    // Phrases are compared by their keys ([`crate::text::matcher::phrase_key`]), as
    // numbered by the compiled scenario. Every step is checked against the
    // scenario-wide banned phrases too.
    let marked = |keys: &mut dyn Iterator<Item = u32>| {
        let mut marks = vec![false; compiled.key_count()];
        for k in keys {
            if let Some(mark) = marks.get_mut(k as usize) {
                *mark = true;
            }
        }
        marks
    };
    let scenario_keys = marked(&mut compiled.banned_keys(None));
    let is = |marks: &[bool], k: u32| marks.get(k as usize).copied().unwrap_or(false);
    let scenario_banned: Vec<(usize, &Banned)> = s.banned.iter().enumerate().collect();
    for (i, b) in &scenario_banned {
        if b.concept.is_none() {
            except_covers(&mut l, &format!("banned[{i}]"), b);
        }
    }
    // For each key, the last required item it was seen in (numbered from 1).
    let mut seen_in = vec![0_u32; compiled.key_count()];
    let mut item = 0_u32;
    for (i, step) in s.steps.iter().enumerate() {
        let at = format!("steps[{i}]");
        if !reached[i] {
            l.warn(
                &format!("{at}.id"),
                msg::LINT_UNREACHABLE.fill(lang, &[&at, &step.id]),
            );
        }
        match &step.model_answer {
            None => l.warn(&format!("{at}.id"), msg::LINT_NO_MODEL.fill(lang, &[&at])),
            Some(model) if !compiled.passes(i, model) => {
                let field = format!("{at}.model_answer");
                let why = reasons(lang, &compiled.score(i, model));
                l.warn(&field, msg::LINT_MODEL_FAILS.fill(lang, &[&field, &why]));
            }
            Some(_) => {}
        }
        let step_banned = marked(&mut compiled.banned_keys(Some(i)));
        for (j, r) in step.required.iter().enumerate() {
            // The keys seen in this item are those stamped with its number.
            item += 1;
            let alts = r.any.iter().zip(compiled.required_keys(i, j));
            for (k, (alt, n)) in alts.enumerate() {
                let banned = is(&scenario_keys, n) || is(&step_banned, n);
                let repeated = match seen_in.get_mut(n as usize) {
                    Some(stamp) => std::mem::replace(stamp, item) == item,
                    None => false,
                };
                if !banned && !repeated {
                    continue;
                }
                let field = format!("{at}.required[{j}].any[{k}]");
                if banned {
                    l.warn(
                        &field,
                        msg::LINT_REQUIRED_AND_BANNED.fill(lang, &[&field, alt]),
                    );
                }
                if repeated {
                    l.warn(&field, msg::LINT_DUPLICATE.fill(lang, &[&field, alt]));
                }
            }
        }
        let mut seen = foldhash::HashSet::default();
        // A concept's phrases share its `except` list and may repeat another
        // concept's: neither is the author's slip.
        let banned = step.banned.iter().zip(compiled.banned_keys(Some(i)));
        for (j, (b, n)) in banned.enumerate() {
            if b.concept.is_some() {
                continue;
            }
            except_covers(&mut l, &format!("{at}.banned[{j}]"), b);
            if !seen.insert(n) {
                let field = format!("{at}.banned[{j}]");
                l.warn(&field, msg::LINT_DUPLICATE.fill(lang, &[&field, &b.phrase]));
            }
        }
        // A fail example that fails only on length says nothing about the step's
        // other checks; it is worth a warning when no other fail example does.
        let other_checks = !step.required.is_empty() || step.question;
        if step.max_chars.is_some() && other_checks {
            let fail = &step.examples.fail;
            if (fail.iter()).all(|ex| compiled.fails_only_on_length(i, &ex.text)) {
                for j in 0..fail.len() {
                    let field = format!("{at}.examples.fail[{j}]");
                    l.warn(&field, msg::LINT_ONLY_LENGTH.fill(lang, &[&field]));
                }
            }
        }
    }
    l.out.sort_by_key(|w| (w.line, w.column));
    l.out
}

/// An `except` phrase that does not contain its banned phrase can never apply.
fn except_covers(l: &mut Linter<'_>, at: &str, b: &Banned) {
    let phrase = forms(&b.phrase);
    for (k, e) in b.except.iter().enumerate() {
        if !forms(e).normal.contains(phrase.normal.as_str()) {
            let field = format!("{at}.except[{k}]");
            l.warn(
                &field,
                msg::LINT_EXCEPT.fill(l.lang, &[&field, e, &b.phrase]),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(yaml: &str, expected: &[&str]) {
        let path = Path::new("w.yaml");
        let s = crate::scenario::fixture::scenario(yaml);
        let got: Vec<String> = warnings(path, &Compiled::new(&s), yaml, Lang::En)
            .into_iter()
            .map(|w| format!("{}:{}: {}", w.line, w.column, w.message))
            .collect();
        assert_eq!(got, expected);
    }

    const HEAD: &str = "id: w\ntitle: t\nskill: phone\n";

    #[test]
    fn a_clean_step_has_no_warnings() {
        case(
            &format!(
                "{HEAD}steps:\n  - id: a\n    customer: 喂\n    required: [您好]\n    model_answer: 您好\n"
            ),
            &[],
        );
    }

    #[test]
    fn a_model_answer_that_fails_its_step() {
        case(
            &format!(
                "{HEAD}steps:\n  - id: a\n    customer: 喂\n    required: [您好]\n    question: true\n    model_answer: 你好,我是小王\n    banned: [你好]\n"
            ),
            &[
                "9:19: warning: steps[0].model_answer: the model answer fails its own step: missing 您好, question; banned 你好",
            ],
        );
    }

    #[test]
    fn each_warning() {
        case(
            &format!(
                "{HEAD}steps:\n  - id: a\n    customer: 喂\n    on_pass: end\n    on_fail: end\n    model_answer: 好\n  - id: b\n    customer: 嗯\n"
            ),
            &[
                "10:9: warning: steps[1]: step `b` is never reached",
                "10:9: warning: steps[1]: no model_answer",
            ],
        );
        case(
            &format!(
                "{HEAD}banned: [你好]\nsteps:\n  - id: a\n    customer: 喂\n    model_answer: 您好\n    required:\n      - any: [你好, 您好, 您 好]\n"
            ),
            &[
                "10:15: warning: steps[0].required[0].any[0]: `你好` is both required and banned",
                "10:23: warning: steps[0].required[0].any[2]: `您 好` repeats an earlier phrase once normalised",
            ],
        );
        case(
            &format!(
                "{HEAD}steps:\n  - id: a\n    customer: 喂\n    model_answer: 好\n    banned:\n      - phrase: 保证\n        except: [不保证, 无法承诺]\n"
            ),
            &[
                "10:23: warning: steps[0].banned[0].except[1]: `无法承诺` does not contain `保证`, so it never applies",
            ],
        );
        case(
            &format!(
                "{HEAD}steps:\n  - id: a\n    customer: 喂\n    model_answer: 您好\n    required: [您好]\n    max_chars: 4\n    examples:\n      fail: [您好您好您好]\n"
            ),
            &[
                "11:14: warning: steps[0].examples.fail[0]: fails only because it is too long; show a fail example that misses a check",
            ],
        );
        // Another fail example misses a check: the long one is a fair length test.
        case(
            &format!(
                "{HEAD}steps:\n  - id: a\n    customer: 喂\n    model_answer: 您好\n    required: [您好]\n    max_chars: 4\n    examples:\n      fail: [您好您好您好, 喂]\n"
            ),
            &[],
        );
    }

    #[test]
    fn a_fail_example_fails_only_on_length_with_every_other_check_met() {
        let step = |extra: &str, fail: &str| {
            format!(
                "{HEAD}steps:\n  - id: a\n    customer: 喂\n    model_answer: 您好?\n    required: [您好]\n    max_chars: 4\n{extra}    examples:\n      fail: [{fail}]\n"
            )
        };
        // Every long fail example is warned about when all of them pass but for length.
        case(
            &step("", "您好您好您好, 您好。您好您好"),
            &[
                "11:14: warning: steps[0].examples.fail[0]: fails only because it is too long; show a fail example that misses a check",
                "11:22: warning: steps[0].examples.fail[1]: fails only because it is too long; show a fail example that misses a check",
            ],
        );
        // A banned hit, a failed question test or a missed item is another reason.
        case(&step("    banned: [您好您]\n", "您好您好您好"), &[]);
        case(&step("    question: true\n", "您好您好您好"), &[]);
        case(
            &step("    question: true\n", "您好您好您好吗?"),
            &[
                "12:14: warning: steps[0].examples.fail[0]: fails only because it is too long; show a fail example that misses a check",
            ],
        );
        case(&step("", "喂喂喂喂喂喂"), &[]);
        // Within the limit, an example fails on something else.
        case(&step("", "喂"), &[]);
    }
}
