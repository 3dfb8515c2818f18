//! Tests of `lexicon`: the shipped file, a branch's extensions, and references.

use super::*;
use crate::scenario::load::parse;

#[test]
fn the_shipped_lexicon_is_valid_and_every_concept_says_why_and_where() {
    let mut lex = Lexicon::default();
    lex.extend(Path::new(SHIPPED_PATH), SHIPPED, Lang::En)
        .unwrap_or_else(|p| panic!("{p:?}"));
    assert!(lex.concepts.len() >= 30, "{}", lex.names());
    for c in lex.concepts.values() {
        assert!(c.why.is_some(), "{} has no why", c.name);
        assert!(c.source.is_some(), "{} has no source", c.name);
        assert!(!c.phrases.is_empty(), "{} has no phrases", c.name);
        assert_ne!(c.label, c.name, "{} has no label", c.name);
    }
    assert_eq!(&lex, Lexicon::shipped());
}

#[test]
fn a_branch_file_extends_and_adds() {
    let mut lex = Lexicon::shipped().clone();
    let before = lex.get("apology").map(|c| c.phrases.len()).unwrap_or(0);
    let text = "concepts:\n  apology:\n    phrases: [给您添堵了, 对不起]\n    label: 道歉\n  hotline:\n    label: 报热线\n    why: 分行热线\n    phrases: [\"95559\"]\n";
    lex.extend(Path::new("b/lexicon.yaml"), text, Lang::En)
        .unwrap_or_else(|p| panic!("{p:?}"));
    let apology = lex.get("apology").expect("shipped");
    // Added once: 对不起 was there already.
    assert_eq!(apology.phrases.len(), before + 1);
    assert!(apology.phrases.iter().any(|p| p == "给您添堵了"));
    assert_eq!(apology.label, "道歉");
    assert_eq!(apology.files.len(), 2);
    assert_eq!(
        lex.get("hotline").map(|c| c.phrases.clone()),
        Some(std::sync::Arc::from(vec!["95559".to_owned()]))
    );
}

#[test]
fn bad_lexicon_files_are_located() {
    #[track_caller]
    fn case(text: &str, expected: &str) {
        let mut lex = Lexicon::default();
        match lex.extend(Path::new("lexicon.yaml"), text, Lang::En) {
            Ok(()) => panic!("accepted {text:?}"),
            Err(p) => assert!(
                p.iter().any(|l| l.to_string().starts_with(expected)),
                "{p:?} lacks {expected:?}"
            ),
        }
    }
    case(
        "concepts:\n  Bad_Name:\n    phrases: [x]\n",
        "lexicon.yaml:3:5: concepts.Bad_Name: `Bad_Name` is not a valid id",
    );
    case(
        "concepts:\n  new-one:\n    label: x\n",
        "lexicon.yaml:3:5: concepts.new-one.phrases: must not be empty",
    );
    case(
        "concepts:\n  a:\n    phrases: [\"，\"]\n",
        "lexicon.yaml:3:15: concepts.a.phrases[0]: empty phrase",
    );
    case(
        "concepts:\n  a:\n    phrase: [x]\n",
        "lexicon.yaml:3:5: concepts.a: unknown field `phrase`",
    );
}

const SCENARIO: &str = "id: s\ntitle: t\nskill: compliance\nsteps:\n  - id: a\n    customer: 保本吗?\n    required:\n      - concept: no-guarantee\n      - {concept: risk-warning, any: [亏钱], label: 说风险}\n    banned:\n      - concept: guarantee\n";

#[test]
fn references_expand_to_the_concepts_phrases() {
    let s = crate::scenario::fixture::scenario(SCENARIO);
    let step = &s.steps[0];
    let shipped = Lexicon::shipped();
    let no_guarantee = shipped.get("no-guarantee").expect("shipped");
    assert_eq!(step.required[0].any, *no_guarantee.phrases);
    assert_eq!(step.required[0].label, no_guarantee.label);
    assert_eq!(step.required[0].concept.as_deref(), Some("no-guarantee"));
    // Own alternatives first, then the concept's; the label given wins.
    assert_eq!(step.required[1].any[0], "亏钱");
    assert_eq!(step.required[1].label, "说风险");
    let guarantee = shipped.get("guarantee").expect("shipped");
    assert_eq!(step.banned.len(), guarantee.phrases.len());
    assert!(step.banned.iter().all(|b| b.unless_negated && b.clause));
}

#[test]
fn an_unknown_concept_is_located() {
    let text = SCENARIO.replace("concept: guarantee", "concept: guarantees");
    let problems = parse(Path::new("s.yaml"), text.as_bytes(), Lang::En).expect_err("rejected");
    let first = problems[0].to_string();
    assert!(
        first.starts_with("s.yaml:11:18: steps[0].banned[0].concept: no concept `guarantees` in the lexicon (known: "),
        "{first}"
    );
    let text = SCENARIO.replace(
        "- concept: guarantee",
        "- {phrase: 保证, concept: guarantee}",
    );
    let problems = parse(Path::new("s.yaml"), text.as_bytes(), Lang::En).expect_err("rejected");
    assert!(
        problems[0]
            .to_string()
            .contains("needs exactly one of `phrase` and `concept`"),
        "{problems:?}"
    );
}

#[test]
fn no_shipped_concept_lists_one_phrase_twice() {
    for c in Lexicon::shipped().concepts.values() {
        let mut seen = std::collections::HashSet::new();
        for p in c.phrases.iter() {
            let key = crate::text::matcher::phrase_key(p);
            assert!(
                seen.insert(key),
                "{}: `{p}` repeats an earlier phrase",
                c.name
            );
        }
    }
}

#[test]
fn the_schema_suggests_every_shipped_concept() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../schema/scenario-v1.schema.json"))
            .expect("schema is JSON");
    let examples: Vec<&str> = schema["$defs"]["concept"]["examples"]
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
        .unwrap_or_default();
    let names: Vec<&str> = Lexicon::shipped()
        .concepts
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(examples, names);
}

/// A lexicon file read in one pass gives what the guarded reader gives, value or
/// located problem: too deep, tags, aliases past the limit, unknown fields, a second
/// document, and good files.
#[test]
fn lexicon_files_read_in_one_pass_give_the_guarded_verdicts() {
    let head = "concepts:\n  a:\n    label: x\n";
    let bomb = format!(
        "x: &x [\"0123456789\"]\ny: &y [{}]\nconcepts:\n  a:\n    phrases: [{}]\n",
        vec!["*x"; 1000].join(", "),
        vec!["*y"; 1000].join(", ")
    );
    let cases = [
        format!("{head}    phrases: [好, 您好]\n"),
        format!("{head}    phrases: {}{}\n", "[".repeat(40), "]".repeat(40)),
        format!("{head}    phrases: [!mine 好]\n"),
        format!("{head}    phrases: [!!str 好]\n"),
        format!("{head}    phrases: [&p 好, *p]\n"),
        format!("{head}    phrases: [好]\n    colour: red\n"),
        format!("{head}    phrases: [好]\n---\nconcepts: {{}}\n"),
        format!("{head}    phrases: [好!]\n    why: 说\"不行!\"\n"),
        "concepts: [a, b]\n".to_owned(),
        bomb,
    ];
    let path = Path::new("lexicon.yaml");
    for text in &cases {
        let guarded = crate::yaml::from_yaml::<RawLexicon>(path, text, Lang::En);
        let shaped = from_yaml_shaped::<RawLexicon>(path, text, Lang::En);
        assert_eq!(format!("{shaped:?}"), format!("{guarded:?}"), "{text}");
    }
    // The cases reach the guards.
    let refused = |t: &str| crate::yaml::from_yaml::<RawLexicon>(path, t, Lang::En).err();
    assert!(refused(&cases[1]).is_some_and(|p| p.message.contains("deep")));
    assert!(refused(&cases[2]).is_some_and(|p| p.message.contains("`!mine`")));
    assert!(refused(&cases[9]).is_some_and(|p| p.message.contains("aliases")));
}
