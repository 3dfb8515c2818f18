//! The lexicon of service concepts from the outside: `check` on references to
//! concepts (unknown ones located), a branch's own `lexicon.yaml` beside its
//! scenarios, gapped and negated phrases through `score`, and `rehearse concepts`.

mod common;

use common::Sandbox;

const SCENARIO: &str = "id: s\ntitle: t\nskill: compliance\nbanned:\n  - concept: guarantee\nsteps:\n  - id: a\n    customer: 这个保本吗?\n    required:\n      - concept: no-guarantee\n      - concept: risk-warning\n    model_answer: 这款不保本,有亏损的可能。\n    examples:\n      pass: [\"收益没法保证,可能会亏\"]\n      fail: [\"这款基本没风险,不保本\", 我保证不亏]\n";

#[test]
fn a_scenario_using_concepts_checks_clean() {
    let sb = Sandbox::new();
    sb.write("lib/s.yaml", SCENARIO);
    sb.run(&["check", "--strict", "lib"]).expect(0);
}

#[test]
fn an_unknown_concept_is_located_and_exits_2() {
    let sb = Sandbox::new();
    sb.write(
        "s.yaml",
        SCENARIO.replace("concept: risk-warning", "concept: risk-warnings"),
    );
    let run = sb.run(&["check", "s.yaml"]);
    run.expect(2);
    assert!(
        run.stdout().starts_with(
            "s.yaml:11:18: steps[0].required[1].concept: no concept `risk-warnings` in the lexicon (known: "
        ),
        "{}",
        run.stdout()
    );
}

#[test]
fn a_branch_lexicon_beside_the_scenarios_extends_the_shipped_one() {
    let sb = Sandbox::new();
    // A branch's own wording of the risk warning, and a concept of its own.
    let branch = "concepts:\n  risk-warning:\n    phrases: [有涨有跌]\n  hotline:\n    label: 报分行热线\n    why: 分行统一热线\n    source: 分行服务手册\n    phrases: [\"95559\"]\n";
    sb.write("scenarios/lexicon.yaml", branch);
    let scenario = SCENARIO
        .replace(
            "      - concept: risk-warning\n",
            "      - concept: risk-warning\n      - concept: hotline\n",
        )
        .replace(
            "model_answer: 这款不保本,有亏损的可能。",
            "model_answer: 这款不保本,有亏损的可能,详询95559。",
        )
        .replace(
            "pass: [\"收益没法保证,可能会亏\"]",
            "pass: [\"收益没法保证,有涨有跌,可以打95559问\"]",
        );
    sb.write("scenarios/compliance/s.yaml", &scenario);
    // The lexicon file is no scenario: `check` on the folder skips it.
    sb.run(&["check", "--strict", "scenarios"]).expect(0);
    let run = sb.run(&["score", "s", "a", "不保本,有涨有跌,详询95559"]);
    run.expect(0);
    // Outside the branch's folder the concept is unknown.
    sb.write("elsewhere/s.yaml", &scenario);
    let run = sb.run(&["check", "elsewhere/s.yaml"]);
    run.expect(2);
    assert!(
        run.stdout().contains("no concept `hotline`"),
        "{}",
        run.stdout()
    );
    // A broken branch lexicon is located in its own file.
    sb.write(
        "scenarios/lexicon.yaml",
        "concepts:\n  hotline:\n    phrase: [x]\n",
    );
    let run = sb.run(&["check", "scenarios/compliance/s.yaml"]);
    run.expect(2);
    assert!(
        run.stdout()
            .contains("lexicon.yaml:3:5: concepts.hotline: unknown field `phrase`"),
        "{}",
        run.stdout()
    );
}

#[test]
fn negation_and_gaps_through_score() {
    let sb = Sandbox::new();
    sb.write("s.yaml", SCENARIO);
    #[track_caller]
    fn case(sb: &Sandbox, answer: &str, expected: i32) {
        let run = sb.run(&["score", "s.yaml", "a", answer]);
        assert_eq!(run.code(), expected, "{answer}: {}", run.stdout());
    }
    // Correct disclosures in the trainee's own words.
    case(&sb, "收益没有保证,本金也可能亏", 0);
    case(&sb, "这款我们不能给您保证收益,是有风险的", 0);
    case(&sb, "谁也不敢保证 这个有可能亏钱", 0);
    // The right words with the wrong meaning.
    case(&sb, "这款不保本,但基本没风险", 1);
    case(&sb, "不保本,有风险,但我保证您不会亏", 1);
}

#[test]
fn check_strict_warns_when_a_model_answer_fails_its_step() {
    let sb = Sandbox::new();
    sb.write(
        "s.yaml",
        SCENARIO.replace(
            "model_answer: 这款不保本,有亏损的可能。",
            "model_answer: 这款不保本。",
        ),
    );
    let run = sb.run(&["check", "--strict", "s.yaml"]);
    run.expect(1);
    assert_eq!(
        run.stdout(),
        "s.yaml:12:19: warning: steps[0].model_answer: the model answer fails its own step: missing 提示风险\n"
    );
    sb.run(&["check", "s.yaml"]).expect(0);
}

#[test]
fn concepts_lists_the_lexicon() {
    let sb = Sandbox::new();
    let run = sb.run(&["concepts"]);
    run.expect(0);
    assert!(
        run.stdout()
            .contains("no-guarantee  如实说明不保证收益或本金\n"),
        "{}",
        run.stdout()
    );
    let run = sb.run(&["concepts", "guarantee", "--json"]);
    run.expect(0);
    let json = run.json();
    assert_eq!(json[0]["name"], "guarantee");
    assert_eq!(json[0]["unless_negated"], true);
    assert!(
        json[0]["phrases"]
            .as_array()
            .is_some_and(|p| p.iter().any(|x| x == "保证"))
    );
    sb.write(
        "scenarios/lexicon.yaml",
        "concepts:\n  guarantee:\n    phrases: [包您满意]\n",
    );
    let run = sb.run(&["concepts", "guarantee", "--json"]);
    assert_eq!(run.json()[0]["files"].as_array().map(Vec::len), Some(2));
    let run = sb.run(&["concepts", "nope"]);
    run.expect(2);
    assert!(
        run.stderr().contains("no concept `nope`"),
        "{}",
        run.stderr()
    );
}

#[test]
fn an_oversized_branch_lexicon_is_located_once() {
    let sb = Sandbox::new();
    sb.write("scenarios/compliance/s.yaml", SCENARIO);
    sb.write(
        "scenarios/lexicon.yaml",
        format!("concepts: {{}}\n#{}\n", "x".repeat(2 * 1024 * 1024)),
    );
    let run = sb.run(&["check", "scenarios/compliance/s.yaml"]);
    run.expect(2);
    let stdout = run.stdout();
    assert!(
        stdout.contains("lexicon.yaml:1:1: file is too large ("),
        "{stdout}"
    );
    assert!(stdout.contains("lexicon files are limited to"), "{stdout}");
    assert_eq!(stdout.matches(":1:1:").count(), 1, "{stdout}");
}
