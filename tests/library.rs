//! The shipped scenario library: valid, self-tested, exemplary model answers, and
//! the coverage the trainers asked for (skills, roles, banned lists, examples).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::Sandbox;
use rehearse::i18n::Lang;
use rehearse::scenario::load;
use rehearse::scenario::model::{Next, Scenario, Skill};
use rehearse::scoring::Compiled;
use rehearse::simulate::MAX_VISITS;
use rehearse::text::normalize::normalize;

/// 服务忌语, 003 §53, verbatim.
const COUNTER_BANNED: &[&str] = &[
    "喂!",
    "讲话,你是谁?",
    "不知道",
    "喊什么,不能等一会",
    "怎么填的,重新填!",
    "没看我正忙着,着什么急",
    "我解决不了,你找经理去",
    "刚才和你说过了,怎么还问?",
    "你有完没完?",
    "门口有公告栏,自己看去!",
    "手续不齐,弄清楚了再来!",
    "这是电脑算的,不信一边自己算去?",
    "你问我,我问谁",
    "我有什么办法,又不是我让它坏的?",
    "这是交易所的事,有意见找它去!",
    "快点!我要下班了!",
    "下班了,不办了!",
    "你管不着,就这态度",
    "废话!",
    "讨厌!",
];

/// 电话服务忌语, 003 §54.20, verbatim (a greeting of only 你好 is the first).
const PHONE_BANNED: &[&str] = &[
    "你好",
    "我不知道",
    "不行",
    "那不是我的工作",
    "那,你是对是吗?",
    "那不是我的错",
    "你需要和经理通话",
    "你马上就要吗?",
    "冷静一点",
    "我现在很忙",
];

/// Words that mislead about risk, 000.
const RISK_WORDS: &[&str] = &["安全", "保证", "承诺", "保险", "有保障", "高收益", "无风险"];

fn library() -> Vec<(String, Scenario)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let files = load::yaml_files(&dir).expect("read scenarios/");
    files
        .iter()
        .map(|f| {
            let (s, _) = load::load_file(f, Lang::En)
                .unwrap_or_else(|e| panic!("{}", rehearse::i18n::render_error(&e, Lang::En)));
            let rel = f.strip_prefix(&dir).unwrap_or(f).display().to_string();
            (rel, s)
        })
        .collect()
}

/// The model answers along the path they lead to (they pass, so `on_pass`).
fn model_path(s: &Scenario) -> Vec<String> {
    let mut answers = Vec::new();
    let mut visits = vec![0u8; s.steps.len()];
    let mut at = Some(0usize);
    while let Some(i) = at {
        if i >= s.steps.len() || visits[i] >= MAX_VISITS {
            break;
        }
        visits[i] += 1;
        let step = &s.steps[i];
        answers.push(
            step.model_answer
                .clone()
                .unwrap_or_else(|| panic!("{}: {} has no model answer", s.id, step.id)),
        );
        at = match step.on_pass {
            Some(Next::End) => None,
            Some(Next::Step(n)) => Some(n),
            None => Some(i + 1),
        };
    }
    answers
}

#[test]
fn check_passes_on_the_whole_library() {
    let sb = Sandbox::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    // --strict: the shipped library has no warnings either.
    let run = sb.run(&["check", "--strict", &dir.display().to_string()]);
    run.expect(0);
}

#[test]
fn every_model_answer_path_passes_through_the_binary() {
    let sb = Sandbox::new();
    for (file, s) in library() {
        let answers = model_path(&s);
        let yaml: String = answers
            .iter()
            .map(|a| format!("- {}\n", serde_json::to_string(a).expect("json string")))
            .collect();
        sb.write("answers.yaml", yaml);
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("scenarios")
            .join(&file);
        let run = sb.run(&[
            "run",
            &path.display().to_string(),
            "--answers",
            "answers.yaml",
            "--seed",
            "1",
            "--json",
            "--no-record",
        ]);
        run.expect(0);
        let j = run.json();
        assert_eq!(j["score"], 100, "{file}: {j}");
        assert!(
            run.stderr().is_empty(),
            "{file}: every answer is used: {}",
            run.stderr()
        );
    }
}

#[test]
fn coverage_of_skills_difficulties_and_sources() {
    let lib = library();
    assert!(lib.len() >= 30, "{} scenarios", lib.len());
    let mut per_skill: BTreeMap<Skill, Vec<u8>> = BTreeMap::new();
    for (file, s) in &lib {
        per_skill.entry(s.skill).or_default().push(s.difficulty);
        assert!(
            file.starts_with(&format!("{}/", s.skill)),
            "{file} is not under scenarios/{}/",
            s.skill
        );
        assert!(
            s.source.as_deref().is_some_and(|x| !x.trim().is_empty()),
            "{file}: no source"
        );
        assert!(s.persona.is_some(), "{file}: no persona");
    }
    for skill in Skill::ALL {
        let d = per_skill.get(&skill).cloned().unwrap_or_default();
        assert!(d.len() >= 3, "{skill}: {} scenarios", d.len());
    }
    let all: std::collections::BTreeSet<u8> = per_skill.values().flatten().copied().collect();
    assert_eq!(all.into_iter().collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
}

#[test]
fn every_step_teaches_and_tests_itself() {
    for (file, s) in library() {
        for step in &s.steps {
            let at = format!("{file}: step {}", step.id);
            assert!(step.task.is_some(), "{at}: no task");
            assert!(step.hint.is_some(), "{at}: no hint");
            assert!(step.model_answer.is_some(), "{at}: no model answer");
            assert!(!step.examples.pass.is_empty(), "{at}: no pass example");
            assert!(
                step.examples.fail.len() >= 2,
                "{at}: fewer than two fail examples"
            );
        }
        let every_banned = s
            .banned
            .iter()
            .chain(s.steps.iter().flat_map(|st| st.banned.iter()));
        for b in every_banned {
            assert!(b.why.is_some(), "{file}: banned {} says no why", b.phrase);
        }
    }
}

fn scenario_banned(s: &Scenario) -> Vec<String> {
    s.banned.iter().map(|b| normalize(&b.phrase)).collect()
}

#[test]
fn counter_phone_and_complaint_scenarios_catch_every_manual_taboo() {
    for (file, s) in library() {
        if !matches!(s.skill, Skill::Counter | Skill::Phone | Skill::Complaint) {
            continue;
        }
        // Said as an answer on any step, each of the manuals' taboos is a hit of the
        // scenario-wide banned items (written out, or through a concept).
        let compiled = Compiled::new(&s);
        for phrase in COUNTER_BANNED.iter().chain(PHONE_BANNED) {
            for (i, step) in s.steps.iter().enumerate() {
                let v = compiled.score(i, phrase);
                assert!(
                    !v.banned.is_empty(),
                    "{file}: step {} lets the taboo {phrase} through",
                    step.id
                );
            }
        }
    }
}

#[test]
fn sales_and_compliance_scenarios_ban_the_misleading_risk_words() {
    for (file, s) in library() {
        if !matches!(s.skill, Skill::Fab | Skill::Closing | Skill::Compliance) {
            continue;
        }
        let banned = scenario_banned(&s);
        for word in RISK_WORDS {
            assert!(
                banned.contains(&normalize(word)),
                "{file}: scenario-wide banned lacks {word}"
            );
        }
        let guarantee = s.banned.iter().find(|b| b.phrase == "保证").expect("保证");
        assert!(
            guarantee.unless_negated || guarantee.except.iter().any(|e| e == "不保证"),
            "{file}: 不保证 is a correct disclosure"
        );
    }
}

#[test]
fn where_nin_hao_is_required_ni_hao_is_banned() {
    for (file, s) in library() {
        for step in &s.steps {
            let wants_nin_hao = step
                .required
                .iter()
                .any(|r| r.any.iter().any(|a| a.contains("您好")));
            if !wants_nin_hao {
                continue;
            }
            let banned = s
                .banned
                .iter()
                .chain(&step.banned)
                .any(|b| b.phrase == "你好" || b.phrase == "你");
            assert!(
                banned,
                "{file}: step {} requires 您好 but does not ban 你好",
                step.id
            );
        }
    }
}

#[test]
fn the_manuals_set_pieces_are_there() {
    let lib = library();
    let text: String = lib.iter().map(|(_, s)| format!("{s:?}")).collect();
    for needle in [
        "快捷理财",
        "手机银行",
        "三个月",
        "跨行",
        "服务费太高",
        "销售期限",
        "二选一",
        "三个工作日",
        "首问负责",
        "新闻宣传部门",
        "风险评估",
        "股市有风险",
    ] {
        assert!(text.contains(needle), "no scenario covers {needle}");
    }
    let outbound = lib
        .iter()
        .filter(|(_, s)| s.skill == Skill::Phone && !s.conversation.is_empty())
        .count();
    assert!(
        outbound >= 1,
        "an outbound call names the customer three times (a mentions rule)"
    );
}
