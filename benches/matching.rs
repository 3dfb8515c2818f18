//! Scoring one 100-character answer against a scenario step with 50 phrases
//! (30 required alternatives, 9 banned phrases with 9 exceptions, a mentions rule
//! of 2): normalisation, one automaton pass and the verdict.

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse::i18n::Lang;
use rehearse::scenario::load::parse;
use rehearse::scenario::model::Scenario;
use rehearse::scoring::Compiled;

fn scenario_yaml() -> String {
    let mut required = String::new();
    for i in 0..10 {
        required.push_str(&format!(
            "      - any: [要点{i}甲, 要点{i}乙, 要点{i}丙]\n        label: 要点{i}\n"
        ));
    }
    let mut banned = String::new();
    for i in 0..9 {
        banned.push_str(&format!("  - phrase: 忌语{i}\n    except: [不是忌语{i}]\n"));
    }
    format!(
        "id: bench\ntitle: 基准\nskill: fab\nbanned:\n{banned}conversation:\n  - mentions: [李先生, 李总]\n    at_least: 3\nsteps:\n  - id: s\n    customer: 您好\n    question: true\n    max_chars: 120\n    required:\n{required}"
    )
}

fn scenario(yaml: &str) -> Scenario {
    match parse(
        std::path::Path::new("bench.yaml"),
        yaml.as_bytes(),
        Lang::En,
    ) {
        Ok(s) => s,
        Err(p) => panic!("{p:?}"),
    }
}

fn bench(c: &mut Criterion) {
    let scenario = scenario(&scenario_yaml());
    let compiled = Compiled::new(&scenario);
    // 100 characters: Simplified and Traditional, full-width digits, punctuation.
    let answer = "李先生，您好！我是交通銀行客戶服務經理小王，要点3乙和要点7丙想跟您介绍一下：这款產品期限３个月，不是忌语4，您看周三下午方便来网点面谈吗？谢谢您";
    let answer: String = answer.chars().cycle().take(100).collect();
    assert_eq!(answer.chars().count(), 100);
    c.bench_function("score a 100-char answer, 50 phrases", |b| {
        b.iter(|| compiled.score(0, std::hint::black_box(&answer)))
    });
}

/// A step written with the lexicon, as the shipped compliance scenarios are: three
/// required concepts and six banned ones (some 300 phrases, gapped and
/// negation-aware), against an answer with negated disclosures.
fn bench_concepts(c: &mut Criterion) {
    let yaml = "id: bench\ntitle: 基准\nskill: compliance\nbanned:\n  - concept: ni-to-customer\n  - concept: guarantee\n  - concept: no-risk-claim\n  - concept: undo-disclosure\n  - concept: return-forecast\n  - concept: high-return\nsteps:\n  - id: s\n    customer: 保本吗?\n    required:\n      - concept: no-guarantee\n      - concept: not-deposit\n      - concept: risk-warning\n";
    let scenario = match parse(
        std::path::Path::new("bench.yaml"),
        yaml.as_bytes(),
        Lang::En,
    ) {
        Ok(s) => s,
        Err(p) => panic!("{p:?}"),
    };
    let compiled = Compiled::new(&scenario);
    let answer = "周叔叔，实话跟您说，这款產品收益沒法保證，也不能给您保证本金，理财和存款不一样，净值会有波动，有亏损的可能。您先做个风险测评，看看能承受多大的波动，好吗？";
    let answer: String = answer.chars().cycle().take(100).collect();
    assert!(compiled.score(0, &answer).passed);
    c.bench_function(
        "score a 100-char answer, lexicon concepts with negation",
        |b| b.iter(|| compiled.score(0, std::hint::black_box(&answer))),
    );
}

criterion_group!(benches, bench, bench_concepts);
criterion_main!(benches);
