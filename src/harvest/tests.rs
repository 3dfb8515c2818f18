//! Every layout an author may have used for a step's examples, and what harvesting
//! into it must look like: the same file with only the new items added.

use super::*;

use crate::scenario::fixture::scenario as parse;

/// Adds `texts` to step `step` of `before` and expects exactly `after`, which must
/// parse with the step's pass examples extended by `texts`.
#[track_caller]
fn case(before: &str, step: usize, texts: &[&str], after: &str) {
    let scenario = parse(before);
    let additions = [Addition {
        step,
        texts: texts.iter().map(|t| (*t).to_owned()).collect(),
    }];
    let edited = apply(before, &scenario, Target::PassExamples, &additions)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(edited, after, "\n--- got\n{edited}");
    let reread = parse(&edited);
    let mut expected: Vec<String> = scenario.steps[step]
        .examples
        .pass
        .iter()
        .map(|e| e.text.clone())
        .collect();
    expected.extend(texts.iter().map(|t| (*t).to_owned()));
    let got: Vec<String> = reread.steps[step]
        .examples
        .pass
        .iter()
        .map(|e| e.text.clone())
        .collect();
    assert_eq!(got, expected);
    assert!(verify(&scenario, &reread, Target::PassExamples, &additions));
    assert!(!verify(
        &scenario,
        &scenario,
        Target::PassExamples,
        &additions
    ));
}

const HEAD: &str = "id: t\ntitle: t\nskill: fab\nsteps:\n";

#[test]
fn block_lists_grow_with_their_indentation() {
    let before = format!(
        "{HEAD}  - id: a\n    customer: x\n    examples:\n      pass:\n        - 好的 # 最早的一条\n        - \"您好\"\n      # 不合格的\n      fail: [不]\n  - id: b\n    customer: y\n"
    );
    let after = format!(
        "{HEAD}  - id: a\n    customer: x\n    examples:\n      pass:\n        - 好的 # 最早的一条\n        - \"您好\"\n        - \"新的一条\"\n        - \"第二条\"\n      # 不合格的\n      fail: [不]\n  - id: b\n    customer: y\n"
    );
    case(&before, 0, &["新的一条", "第二条"], &after);
}

#[test]
fn a_multi_line_last_item_is_kept_whole() {
    let before = format!(
        "{HEAD}  - id: a\n    customer: x\n    examples:\n      pass:\n      - 第一行\n        接着写\n"
    );
    let after = format!(
        "{HEAD}  - id: a\n    customer: x\n    examples:\n      pass:\n      - 第一行\n        接着写\n      - \"新\"\n"
    );
    case(&before, 0, &["新"], &after);
}

#[test]
fn flow_lists_get_items_before_their_bracket() {
    let before = format!(
        "{HEAD}  - id: a\n    customer: x\n    examples:\n      pass: [\"好, 的\", '它''s'] # 注释 ]\n"
    );
    let after = format!(
        "{HEAD}  - id: a\n    customer: x\n    examples:\n      pass: [\"好, 的\", '它''s', \"新\"] # 注释 ]\n"
    );
    case(&before, 0, &["新"], &after);
    let empty =
        format!("{HEAD}  - id: a\n    customer: x\n    examples: {{pass: [], fail: [不]}}\n");
    let filled =
        format!("{HEAD}  - id: a\n    customer: x\n    examples: {{pass: [\"新\"], fail: [不]}}\n");
    case(&empty, 0, &["新"], &filled);
    let multi = format!(
        "{HEAD}  - id: a\n    customer: x\n    examples:\n      pass: [\n        甲,\n      ]\n"
    );
    let grown = format!(
        "{HEAD}  - id: a\n    customer: x\n    examples:\n      pass: [\n        甲, \"新\"\n      ]\n"
    );
    case(&multi, 0, &["新"], &grown);
}

#[test]
fn a_missing_pass_list_is_created_in_the_examples_style() {
    let block = format!(
        "{HEAD}  - id: a\n    customer: x\n    examples:\n      fail: [不]\n\n  - id: b\n    customer: y\n"
    );
    let after = format!(
        "{HEAD}  - id: a\n    customer: x\n    examples:\n      fail: [不]\n      pass:\n        - \"新\"\n\n  - id: b\n    customer: y\n"
    );
    case(&block, 0, &["新"], &after);
    let flow = format!("{HEAD}  - id: a\n    customer: x\n    examples: {{fail: [不]}}\n");
    let after =
        format!("{HEAD}  - id: a\n    customer: x\n    examples: {{fail: [不], pass: [\"新\"]}}\n");
    case(&flow, 0, &["新"], &after);
}

#[test]
fn missing_examples_are_created_under_the_step() {
    let before = format!(
        "{HEAD}  - id: a\n    customer: x\n    hint: |\n      先问好\n    # 下一步\n  - id: b\n    customer: y"
    );
    let after = format!(
        "{HEAD}  - id: a\n    customer: x\n    hint: |\n      先问好\n    examples:\n      pass:\n        - \"新\"\n    # 下一步\n  - id: b\n    customer: y"
    );
    case(&before, 0, &["新"], &after);
    // The last step of a file without a final line break.
    let last = format!("{HEAD}  - id: a\n    customer: x");
    let grown =
        format!("{HEAD}  - id: a\n    customer: x\n    examples:\n      pass:\n        - \"新\"");
    case(&last, 0, &["新"], &grown);
    let flow = format!("{HEAD}  - {{id: a, customer: x}}\n  - {{id: b, customer: y}}\n");
    let grown = format!(
        "{HEAD}  - {{id: a, customer: x}}\n  - {{id: b, customer: y, examples: {{pass: [\"新\"]}}}}\n"
    );
    case(&flow, 1, &["新"], &grown);
}

#[test]
fn crlf_files_keep_crlf() {
    let before =
        format!("{HEAD}  - id: a\n    customer: x\n    examples:\n      pass:\n        - 好\n")
            .replace('\n', "\r\n");
    let after = format!("{HEAD}  - id: a\n    customer: x\n    examples:\n      pass:\n        - 好\n        - \"新\"\n").replace('\n', "\r\n");
    case(&before, 0, &["新"], &after);
}

#[test]
fn quoting_keeps_any_text_intact() {
    let before = format!("{HEAD}  - id: a\n    customer: x\n");
    let odd = "他说:\"好\" \\ #不是注释 - [x]: {y}\t\u{2028}";
    let scenario = parse(&before);
    let additions = [Addition {
        step: 0,
        texts: vec![odd.to_owned()],
    }];
    let edited = apply(&before, &scenario, Target::PassExamples, &additions)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(parse(&edited).steps[0].examples.pass[0].text, odd);
}

#[test]
fn selection_drops_what_is_known_once_normalised() {
    let text = format!(
        "{HEAD}  - id: a\n    customer: x\n    examples:\n      pass: [\"您好,李先生\"]\n  - id: b\n    customer: y\n"
    );
    let s = parse(&text);
    let got = select(
        &s,
        Target::PassExamples,
        [
            (1, "谢谢".to_owned()),
            (0, "您好 李先生!".to_owned()),
            (0, "  早上好 ".to_owned()),
            (0, "早上好。".to_owned()),
            (1, "。".to_owned()),
            (7, "不存在的步骤".to_owned()),
        ],
    );
    assert_eq!(
        got,
        [
            Addition {
                step: 0,
                texts: vec!["早上好".to_owned()]
            },
            Addition {
                step: 1,
                texts: vec!["谢谢".to_owned()]
            },
        ]
    );
}

/// Adds `texts` to step `step`'s best answers and expects exactly `after`.
#[track_caller]
fn best_case(before: &str, step: usize, texts: &[&str], after: &str) {
    let scenario = parse(before);
    let additions = [Addition {
        step,
        texts: texts.iter().map(|t| (*t).to_owned()).collect(),
    }];
    let edited = apply(before, &scenario, Target::BestAnswers, &additions)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(edited, after, "\n--- got\n{edited}");
    let reread = parse(&edited);
    assert!(verify(&scenario, &reread, Target::BestAnswers, &additions));
    assert!(!verify(
        &scenario,
        &reread,
        Target::PassExamples,
        &additions
    ));
}

#[test]
fn best_answers_are_created_under_the_step_then_grow() {
    let before =
        format!("{HEAD}  - id: a\n    customer: x\n    # 下一步\n  - id: b\n    customer: y\n");
    let once = format!(
        "{HEAD}  - id: a\n    customer: x\n    best_answers:\n      - \"您好\"\n    # 下一步\n  - id: b\n    customer: y\n"
    );
    best_case(&before, 0, &["您好"], &once);
    let twice = format!(
        "{HEAD}  - id: a\n    customer: x\n    best_answers:\n      - \"您好\"\n      - \"早上好\"\n    # 下一步\n  - id: b\n    customer: y\n"
    );
    best_case(&once, 0, &["早上好"], &twice);
    let flow = format!("{HEAD}  - {{id: a, customer: x}}\n");
    best_case(
        &flow,
        0,
        &["您好"],
        &format!("{HEAD}  - {{id: a, customer: x, best_answers: [\"您好\"]}}\n"),
    );
}
