//! Tests of `output`.

use super::*;
use crate::grade::grader::{BannedResult, Hit, RuleResult};

#[test]
fn a_line_has_the_documented_shape() {
    let phrases = vec!["李先生".to_owned()];
    let v = Verdict {
        passed: false,
        banned: vec![BannedResult {
            group: 0,
            phrase: "喂",
            hits: vec![
                Hit {
                    turn: Some(0),
                    start: 0,
                    end: 1,
                },
                Hit {
                    turn: Some(2),
                    start: 9,
                    end: 10,
                },
            ],
        }],
        missing: vec!["报出银行"],
        conversation: vec![RuleResult {
            phrases: &phrases,
            at_least: 3,
            count: 1,
            met: false,
        }],
    };
    let mut out = Vec::new();
    line(&mut out, "c1", &v, true).expect("write");
    assert_eq!(
        String::from_utf8_lossy(&out),
        r#"{"id":"c1","passed":false,"banned":[{"phrase":"喂","count":2,"offsets":[[0,1],[9,10]],"turns":[0,2]}],"missing":["报出银行"],"conversation":[{"rule":"mentions","phrases":["李先生"],"at_least":3,"count":1,"met":false}]}"#
            .to_owned()
            + "\n"
    );
    out.clear();
    line(&mut out, "c1", &v, false).expect("write");
    assert!(!String::from_utf8_lossy(&out).contains("turns"));
}

/// What `line` wrote when it went through serde.
fn line_by_serde(id: &str, v: &Verdict<'_>, turns: bool) -> Vec<u8> {
    #[derive(Serialize)]
    struct LineJson<'a> {
        id: &'a str,
        passed: bool,
        banned: Vec<BannedJson<'a>>,
        missing: &'a [&'a str],
        conversation: Vec<RuleJson<'a>>,
    }
    #[derive(Serialize)]
    struct BannedJson<'a> {
        phrase: &'a str,
        count: usize,
        offsets: Vec<(u32, u32)>,
        #[serde(skip_serializing_if = "Option::is_none")]
        turns: Option<Vec<u32>>,
    }
    #[derive(Serialize)]
    struct RuleJson<'a> {
        rule: &'static str,
        phrases: &'a [String],
        at_least: u32,
        count: usize,
        met: bool,
    }
    let value = LineJson {
        id,
        passed: v.passed,
        banned: v
            .banned
            .iter()
            .map(|b| BannedJson {
                phrase: b.phrase,
                count: b.hits.len(),
                offsets: b.hits.iter().map(|h| (h.start, h.end)).collect(),
                turns: turns.then(|| b.hits.iter().map(|h| h.turn.unwrap_or(0)).collect()),
            })
            .collect(),
        missing: &v.missing,
        conversation: v
            .conversation
            .iter()
            .map(|r| RuleJson {
                rule: "mentions",
                phrases: r.phrases,
                at_least: r.at_least,
                count: r.count,
                met: r.met,
            })
            .collect(),
    };
    let mut out = serde_json::to_vec(&value).expect("serialise");
    out.push(b'\n');
    out
}

#[test]
fn a_line_is_what_serde_would_write() {
    let phrases = vec![
        "李\"先生".to_owned(),
        "a\\b\u{1}\n/é".to_owned(),
        String::new(),
    ];
    let hit = |turn, start, end| Hit { turn, start, end };
    let verdicts = [
        Verdict {
            passed: true,
            banned: vec![],
            missing: vec![],
            conversation: vec![],
        },
        Verdict {
            passed: false,
            banned: vec![
                BannedResult {
                    group: 0,
                    phrase: "喂\t",
                    hits: vec![hit(None, 0, 1), hit(Some(7), 4_000_000_000, u32::MAX)],
                },
                BannedResult {
                    group: 3,
                    phrase: "",
                    hits: vec![],
                },
            ],
            missing: vec!["报出银行", "\"", ""],
            conversation: vec![
                RuleResult {
                    phrases: &phrases,
                    at_least: 0,
                    count: 10,
                    met: true,
                },
                RuleResult {
                    phrases: &[],
                    at_least: 3,
                    count: 0,
                    met: false,
                },
            ],
        },
    ];
    for v in &verdicts {
        for id in ["c1", "", "a\"b\\c\u{7f}\u{1f}", "客户\r\n"] {
            for turns in [true, false] {
                let mut out = b"kept".to_vec();
                line(&mut out, id, v, turns).expect("write");
                let mut expected = b"kept".to_vec();
                expected.extend(line_by_serde(id, v, turns));
                assert_eq!(
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(&expected)
                );
            }
        }
    }
}

#[test]
fn top_phrases_by_hits_then_rules_order() {
    let t = top(&["a", "b", "c", "d"], &[2, 5, 0, 2], &[1, 3, 0, 2], 2);
    assert_eq!(t, [("b".to_owned(), 5, 3), ("a".to_owned(), 2, 1)]);
}

#[test]
fn summary_text() {
    let s = Summary {
        conversations: 10,
        failed: 3,
        problems: 1,
        bytes: 2_000_000,
        seconds: 0.5,
        top_banned: vec![("喂".into(), 4, 2)],
    };
    let mut out = Vec::new();
    s.write_text(&mut out, Lang::En).expect("write");
    assert_eq!(
        String::from_utf8_lossy(&out),
        "graded 10 conversations: 3 failed, 1 input problems\nread 2000000 bytes in 0.50 s, 4.0 MB/s\nmost frequent banned phrases:\n  喂: 4 hits in 2 conversations\n"
    );
}

#[test]
fn a_template_writes_what_line_writes() {
    let phrases = vec!["李先生".to_owned()];
    let verdicts = [
        Verdict {
            passed: true,
            banned: vec![],
            missing: vec![],
            conversation: vec![],
        },
        Verdict {
            passed: false,
            banned: vec![],
            missing: vec!["报出银行", "a\"b"],
            conversation: vec![RuleResult {
                phrases: &phrases,
                at_least: 3,
                count: 0,
                met: false,
            }],
        },
    ];
    for v in &verdicts {
        let template = Template::new(v).expect("no banned hits");
        assert_eq!(template.passed(), v.passed);
        for id in ["c1", "", "a\"b\\c\u{7f}\u{1f}", "客户\r\n"] {
            for turns in [true, false] {
                let mut out = b"kept".to_vec();
                template.line(&mut out, id).expect("write");
                let mut expected = b"kept".to_vec();
                line(&mut expected, id, v, turns).expect("write");
                assert_eq!(
                    String::from_utf8_lossy(&out),
                    String::from_utf8_lossy(&expected)
                );
            }
        }
    }
    // A verdict with hits depends on the input's shape: no template.
    let hit = Verdict {
        passed: false,
        banned: vec![BannedResult {
            group: 0,
            phrase: "喂",
            hits: vec![Hit {
                turn: Some(1),
                start: 0,
                end: 1,
            }],
        }],
        missing: vec![],
        conversation: vec![],
    };
    assert!(Template::new(&hit).is_none());
}
