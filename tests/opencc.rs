//! Traditional → Simplified through the matcher, measured with OpenCC's own test cases
//! (`data/opencc/testcases.json`, OpenCC 1.4.2): for each `t2s`, `tw2s` and `hk2s`
//! case, the expected Simplified text is a step's required phrase and the Traditional
//! input is the answer, played through the real `rehearse run --answers`. However
//! OpenCC converts each side in its context, the two must meet.

mod common;
#[path = "common/trailing_commas.rs"]
mod trailing_commas;

use common::Sandbox;
use serde_json::Value;

/// (input, expected) of every case that has an expected output for `config`.
fn cases(config: &str) -> Vec<(String, String)> {
    let raw = include_str!("../data/opencc/testcases.json");
    let json: Value =
        serde_json::from_str(&trailing_commas::strip(raw)).expect("testcases.json parses");
    let cases = json["cases"].as_array().expect("a cases array");
    cases
        .iter()
        .filter_map(|c| {
            let input = c["input"].as_str()?;
            let expected = c["expected"][config].as_str()?;
            Some((input.to_owned(), expected.to_owned()))
        })
        .collect()
}

/// How many of `cases` pass: one scenario, a step per case requiring the expected
/// text, answered with the input.
fn agreeing(cases: &[(String, String)]) -> (usize, Vec<String>) {
    let sb = Sandbox::new();
    let mut yaml = String::from(
        "id: opencc-agreement\ntitle: OpenCC\nskill: counter\npersona:\n  name: 客户\nsteps:\n",
    );
    for (i, (_, expected)) in cases.iter().enumerate() {
        let quoted = serde_json::to_string(expected).expect("a string");
        yaml.push_str(&format!(
            "  - id: case-{i}\n    customer: 请说\n    required: [{quoted}]\n"
        ));
    }
    sb.write("s.yaml", yaml);
    let answers: Vec<&str> = cases.iter().map(|(input, _)| input.as_str()).collect();
    sb.write("a.yaml", serde_json::to_string(&answers).expect("a list"));
    let run = sb.run(&[
        "run",
        "s.yaml",
        "--answers",
        "a.yaml",
        "--json",
        "--no-record",
    ]);
    let json = run.json();
    let steps = json["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), cases.len(), "every case is played");
    let mut failed = Vec::new();
    for (step, (input, expected)) in steps.iter().zip(cases) {
        if step["passed"] != true {
            failed.push(format!("{input} ≠ {expected}"));
        }
    }
    (cases.len() - failed.len(), failed)
}

#[track_caller]
fn at_least(config: &str, count: usize, percent: usize) {
    let cases = cases(config);
    assert_eq!(cases.len(), count, "{config} cases in OpenCC 1.4.2");
    let (agree, failed) = agreeing(&cases);
    println!("{config}: {agree}/{} through the matcher", cases.len());
    assert!(
        agree * 100 >= cases.len() * percent,
        "{config}: only {agree} of {} agree; failing:\n{}",
        cases.len(),
        failed.join("\n")
    );
}

#[test]
fn opencc_t2s_cases_meet_through_the_matcher() {
    at_least("t2s", 55, 98);
}

#[test]
fn opencc_taiwan_and_hong_kong_cases_meet_through_the_matcher() {
    at_least("tw2s", 32, 98);
    at_least("hk2s", 21, 98);
}

#[test]
fn taiwan_words_meet_their_mainland_form() {
    let cases = [
        ("身分證", "身份证"),
        ("請出示身分證件", "身份证件"),
        ("著作權", "著作权"),
        ("慰藉著", "慰藉着"),
    ];
    let cases: Vec<(String, String)> = cases
        .iter()
        .map(|(i, e)| (i.to_string(), e.to_string()))
        .collect();
    let (agree, failed) = agreeing(&cases);
    assert_eq!(agree, cases.len(), "{failed:?}");
}
