//! The scenario and its steps: ids, step order and branches, examples.

use std::collections::HashMap;

use crate::i18n::msg;
use crate::text::suggest::{Candidate, nearest};

use super::super::model::*;
use super::super::raw::{RawScenario, RawStep, Text};
use super::Validator;

impl Validator<'_> {
    pub(in crate::scenario) fn scenario(&mut self, raw: RawScenario) -> Scenario {
        self.id("id", &raw.id);
        self.non_empty("title", &raw.title);
        let skill = Skill::parse(&raw.skill).unwrap_or_else(|| {
            self.problem(
                "skill",
                msg::UNKNOWN_SKILL.fill(self.lang, &[&"skill", &raw.skill, &Skill::names()]),
            );
            Skill::Spin
        });
        let difficulty = self.range("difficulty", raw.difficulty, 1, 5, 1) as u8;
        let pass_score = self.range("pass_score", raw.pass_score, 0, 100, 80) as u8;
        if let Some(line) = raw.persona.as_ref().and_then(|p| p.leaves.as_deref()) {
            self.non_empty("persona.leaves", line);
        }
        let persona = raw.persona.map(|p| Persona {
            leaves: p.leaves,
            name: p.name,
            description: p.description,
            patience: p
                .patience
                .map(|n| self.range("persona.patience", Some(n), 0, i64::from(u32::MAX), 0) as u32),
        });
        let banned = self.banned("banned", raw.banned);
        let conversation = self.conversation(raw.conversation);
        if raw.steps.is_empty() {
            self.problem("steps", msg::NO_STEPS.fill(self.lang, &[&"steps"]));
        }
        // Step ids first, so branches can name steps further down.
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut dupes = Vec::new();
        for (i, s) in raw.steps.iter().enumerate() {
            let at = format!("steps[{i}].id");
            if s.id == "end" {
                dupes.push((
                    at,
                    msg::RESERVED_STEP.fill(self.lang, &[&format!("steps[{i}].id")]),
                ));
            } else if let Some(first) = seen.get(s.id.as_str()) {
                let line = self.positions.at(&format!("steps[{first}].id")).line;
                let m = msg::DUPLICATE_STEP.fill(self.lang, &[&at, &s.id, &line]);
                dupes.push((at, m));
            } else {
                seen.insert(&s.id, i);
            }
        }
        for (at, m) in dupes {
            self.problem(&at, m);
        }
        let ids: Vec<String> = raw.steps.iter().map(|s| s.id.clone()).collect();
        let steps = raw
            .steps
            .into_iter()
            .enumerate()
            .map(|(i, s)| self.step(i, s, &ids))
            .collect();
        Scenario {
            id: raw.id,
            title: raw.title,
            skill,
            difficulty,
            pass_score,
            source: raw.source,
            brief: raw.brief,
            persona,
            banned,
            conversation,
            steps,
        }
    }

    fn next(&mut self, field: &str, target: Option<String>, ids: &[String]) -> Option<Next> {
        let target = target?;
        if target == "end" {
            return Some(Next::End);
        }
        match ids.iter().position(|id| *id == target) {
            Some(i) => Some(Next::Step(i)),
            None => {
                let mut m = msg::UNKNOWN_STEP.fill(self.lang, &[&field, &target, &ids.join(", ")]);
                // The nearest of the step ids, or `end`, as a typo's likely meaning.
                let known: Vec<&str> = ids.iter().map(String::as_str).chain(["end"]).collect();
                let candidates: Vec<Candidate> = known
                    .iter()
                    .map(|id| Candidate { id, names: &[] })
                    .collect();
                if let Some(&i) = nearest(&target, &candidates).first() {
                    m.push_str(&msg::YAML_FIELD_NEAR.fill(self.lang, &[&known[i]]));
                }
                self.problem(field, m);
                None
            }
        }
    }

    fn step(&mut self, i: usize, s: RawStep, ids: &[String]) -> Step {
        let at = format!("steps[{i}]");
        self.id(&format!("{at}.id"), &s.id);
        let customer_field = format!("{at}.customer");
        if s.customer.0.is_empty() {
            self.problem(
                &customer_field,
                msg::MUST_NOT_BE_EMPTY.fill(self.lang, &[&customer_field]),
            );
        }
        let customer = s
            .customer
            .0
            .into_iter()
            .enumerate()
            .map(|(j, line)| {
                // Written as one line or as a list: the file is walked to tell only
                // when there is a problem to place.
                if line.0.trim().is_empty() {
                    let item = format!("{customer_field}[{j}]");
                    let field = if self.positions.has(&item) {
                        item
                    } else {
                        customer_field.clone()
                    };
                    self.non_empty(&field, &line.0);
                }
                line.0
            })
            .collect();
        let required = self.required(&format!("{at}.required"), s.required);
        let banned = self.banned(&format!("{at}.banned"), s.banned);
        let max_chars = s.max_chars.map(|n| {
            self.range(
                &format!("{at}.max_chars"),
                Some(n),
                1,
                i64::from(u32::MAX),
                1,
            ) as usize
        });
        let on_pass = self.next(&format!("{at}.on_pass"), s.on_pass, ids);
        let on_fail = self.next(&format!("{at}.on_fail"), s.on_fail, ids);
        let examples = s.examples.map_or_else(Examples::default, |e| {
            let list = |l: Option<Vec<Text>>| -> Vec<Example> {
                l.unwrap_or_default()
                    .into_iter()
                    .map(|t| Example { text: t.0 })
                    .collect()
            };
            Examples {
                pass: list(e.pass),
                fail: list(e.fail),
            }
        });
        if let Some(title) = &s.title {
            self.non_empty(&format!("{at}.title"), title);
        }
        let best_answers = s
            .best_answers
            .unwrap_or_default()
            .into_iter()
            .map(|t| Example { text: t.0 })
            .collect();
        Step {
            id: s.id,
            title: s.title,
            customer,
            task: s.task,
            required,
            banned,
            question: s.question.unwrap_or(false),
            max_chars,
            hint: s.hint,
            model_answer: s.model_answer,
            on_pass,
            on_fail,
            examples,
            best_answers,
        }
    }
}
