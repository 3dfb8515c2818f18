//! `rehearse grade` against the real binary: every input form (JSON Lines with text or
//! turns, CSV, gzip, stdin, several inputs), every kind of bad input, `--strict`,
//! offsets into Traditional and full-width text, order with two threads, `--out`,
//! exit codes and the summary on stderr.

mod common;

use std::io::Write;

use common::{Measured, PHONE, Run, Sandbox, measure};
use serde_json::Value;

const RULES: &str = "banned:\n  - 喂\n  - phrase: 保证\n    except: [不保证]\n  - 不知道\nrequired:\n  - 您好\n  - any: [交通银行, 交行]\n    label: 报出银行\nconversation:\n  - mentions: [李先生]\n    at_least: 2\n";

/// Passes every rule.
const GOOD: &str = "您好，李先生，我是交通银行的小王。李先生，这款产品不保证收益。";

fn jsonl(rows: &[Value]) -> String {
    rows.iter().map(|r| format!("{r}\n")).collect()
}

fn text(id: &str, t: &str) -> Value {
    serde_json::json!({"id": id, "text": t})
}

/// The JSON objects on stdout, one per line.
fn lines(run: &Run) -> Vec<Value> {
    run.stdout()
        .lines()
        .map(|l| match serde_json::from_str(l) {
            Ok(v) => v,
            Err(e) => panic!("not JSON ({e}): {l}\nstderr:\n{}", run.stderr()),
        })
        .collect()
}

fn ids(values: &[Value]) -> Vec<String> {
    values
        .iter()
        .map(|v| v["id"].as_str().unwrap_or("?").to_owned())
        .collect()
}

/// `s[start..end]` counted in chars.
fn slice(s: &str, span: &Value) -> String {
    let start = span[0].as_u64().expect("start") as usize;
    let end = span[1].as_u64().expect("end") as usize;
    s.chars().skip(start).take(end - start).collect()
}

fn grade(sb: &Sandbox, extra: &[&str]) -> Run {
    let mut args = vec!["grade", "--rules", "rules.yaml"];
    args.extend_from_slice(extra);
    sb.run(&args)
}

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.write("rules.yaml", RULES);
    sb
}

#[test]
fn text_lines_are_graded_in_order_with_the_documented_shape() {
    let sb = sandbox();
    let bad = "喂，您好，交行的。我保证收益，我保证！不知道。";
    sb.write(
        "in.jsonl",
        jsonl(&[text("a", GOOD), text("b", bad), text("c", "")]),
    );
    let run = grade(&sb, &["in.jsonl"]);
    run.expect(1);
    let out = lines(&run);
    assert_eq!(ids(&out), ["a", "b", "c"]);
    assert_eq!(out[0]["passed"], true);
    assert_eq!(out[0]["banned"], serde_json::json!([]));
    assert_eq!(out[0]["missing"], serde_json::json!([]));
    assert_eq!(
        out[0]["conversation"],
        serde_json::json!([{"rule": "mentions", "phrases": ["李先生"], "at_least": 2, "count": 2, "met": true}])
    );
    let b = &out[1];
    assert_eq!(b["passed"], false);
    let phrases: Vec<&str> = b["banned"]
        .as_array()
        .expect("banned")
        .iter()
        .filter_map(|h| h["phrase"].as_str())
        .collect();
    assert_eq!(phrases, ["喂", "保证", "不知道"]);
    assert_eq!(b["banned"][1]["count"], 2);
    assert_eq!(
        b["banned"][1]["offsets"],
        serde_json::json!([[10, 12], [16, 18]])
    );
    assert!(b["banned"][1].get("turns").is_none());
    assert_eq!(b["missing"], serde_json::json!([]));
    assert_eq!(b["conversation"][0]["met"], false);
    assert_eq!(out[2]["missing"], serde_json::json!(["您好", "报出银行"]));
}

#[test]
fn all_passed_exits_0() {
    let sb = sandbox();
    sb.write("in.jsonl", jsonl(&[text("a", GOOD), text("b", GOOD)]));
    grade(&sb, &["in.jsonl"]).expect(0);
}

#[test]
fn only_agent_turns_are_graded_and_hits_name_their_turn() {
    let sb = sandbox();
    let turns = serde_json::json!({"id": "t1", "turns": [
        {"role": "customer", "text": "喂，不知道你是谁"},
        {"role": "agent", "text": "您好，李先生，我是交行的小王。"},
        {"role": "customer", "text": "什么事？"},
        {"role": "agent", "text": "李先生，這個我不知道，喂？"},
    ]});
    sb.write("in.jsonl", jsonl(std::slice::from_ref(&turns)));
    let run = grade(&sb, &["in.jsonl"]);
    run.expect(1);
    let out = lines(&run);
    let banned = out[0]["banned"].as_array().expect("banned");
    assert_eq!(banned.len(), 2, "{banned:?}");
    for b in banned {
        assert_eq!(b["turns"], serde_json::json!([3]), "{b}");
        let said = turns["turns"][3]["text"].as_str().expect("text");
        let hit = slice(said, &b["offsets"][0]);
        assert_eq!(hit, b["phrase"].as_str().expect("phrase"));
    }
    assert_eq!(out[0]["missing"], serde_json::json!([]));
    assert_eq!(out[0]["conversation"][0]["count"], 2);
}

#[test]
fn offsets_point_at_the_original_traditional_and_full_width_chars() {
    let sb = Sandbox::new();
    sb.write(
        "rules.yaml",
        "banned: [客户服务经理, VIP卡, 保证收益, 一目了然, 请问]\n",
    );
    let said = "ＯＫ！我是客戶服務經理，您的ＶＩＰ　卡……保 證 收 益，一目瞭然。請問";
    sb.write("in.jsonl", jsonl(&[text("x", said)]));
    let run = grade(&sb, &["in.jsonl"]);
    run.expect(1);
    let out = lines(&run);
    let found: Vec<(String, String)> = out[0]["banned"]
        .as_array()
        .expect("banned")
        .iter()
        .map(|b| {
            let phrase = b["phrase"].as_str().expect("phrase").to_owned();
            (phrase, slice(said, &b["offsets"][0]))
        })
        .collect();
    let expected = [
        ("客户服务经理", "客戶服務經理"),
        ("VIP卡", "ＶＩＰ　卡"),
        ("保证收益", "保 證 收 益"),
        ("一目了然", "一目瞭然"),
        ("请问", "請問"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn csv_with_quoted_fields_commas_and_newlines() {
    let sb = sandbox();
    let csv = "id,agent,text\n\
               a,王,\"您好,李先生,我是交行的。\n李先生,\"\"不保证\"\"收益。\"\n\
               b,李,\"喂,什么事\"\n\
               \"c,1\",张,您好\n";
    sb.write("in.csv", csv);
    let run = grade(&sb, &["in.csv"]);
    run.expect(1);
    let out = lines(&run);
    assert_eq!(ids(&out), ["a", "b", "c,1"]);
    assert_eq!(out[0]["passed"], true, "{}", out[0]);
    assert_eq!(out[1]["banned"][0]["phrase"], "喂");
    assert_eq!(out[1]["banned"][0]["offsets"], serde_json::json!([[0, 1]]));
    assert_eq!(out[2]["missing"], serde_json::json!(["报出银行"]));
}

#[test]
fn csv_problems_are_located() {
    let sb = sandbox();
    sb.write("nocol.csv", "id,words\na,您好\n");
    let mut bad = b"id,text\na,\"two\nlines\"\nb,\xff\xfe\nc\nd,".to_vec();
    bad.extend_from_slice(GOOD.as_bytes());
    bad.push(b'\n');
    sb.write("bad.csv", bad);
    let run = grade(&sb, &["nocol.csv", "bad.csv"]);
    run.expect(2);
    let err = run.stderr();
    assert!(
        err.contains("nocol.csv:1:1: the CSV header has no `text` column (columns: id, words)"),
        "{err}"
    );
    assert!(err.contains("bad.csv:4:1: text: not valid UTF-8"), "{err}");
    assert!(err.contains("bad.csv:5:1: missing field `text`"), "{err}");
    assert_eq!(ids(&lines(&run)), ["a", "d"]);
}

#[test]
fn gzip_inputs_are_read_transparently() {
    let sb = sandbox();
    let gz = |data: &str| {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data.as_bytes()).expect("gzip");
        e.finish().expect("gzip")
    };
    sb.write(
        "a.jsonl.gz",
        gz(&jsonl(&[text("j1", GOOD), text("j2", "喂")])),
    );
    sb.write("b.csv.gz", gz(&format!("id,text\nc1,\"{GOOD}\"\n")));
    // Compressed data is recognised by its content, whatever the name.
    sb.write("c.jsonl", gz(&jsonl(&[text("j3", GOOD)])));
    let run = grade(&sb, &["a.jsonl.gz", "b.csv.gz", "c.jsonl"]);
    run.expect(1);
    let out = lines(&run);
    assert_eq!(ids(&out), ["j1", "j2", "c1", "j3"]);
    assert_eq!(out[1]["passed"], false);
}

#[test]
fn dash_reads_stdin_among_other_inputs() {
    let sb = sandbox();
    sb.write("a.jsonl", jsonl(&[text("file", GOOD)]));
    let mut cmd = sb.command(&["grade", "--rules", "rules.yaml", "a.jsonl", "-"]);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    let input = jsonl(&[text("in1", GOOD), text("in2", "不知道")]);
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("wait");
    let run = Run {
        args: vec!["grade".into(), "a.jsonl".into(), "-".into()],
        output,
    };
    run.expect(1);
    assert_eq!(ids(&lines(&run)), ["file", "in1", "in2"]);
}

#[test]
fn bad_lines_are_reported_counted_and_skipped() {
    let sb = sandbox();
    let mut input = Vec::new();
    input.extend_from_slice(format!("{}\n", text("ok1", GOOD)).as_bytes());
    input.extend_from_slice(b"{\"id\": \"x\", \"text\": \"\n"); // 2: malformed
    input.extend_from_slice(b"{\"text\": \"hi\"}\n"); // 3: no id
    input.extend_from_slice(b"{\"id\": \"x\"}\n"); // 4: no text
    input.extend_from_slice(b"{\"id\": \"x\", \"text\": \"\xe5\x96\x82\xff\"}\n"); // 5: not UTF-8
    input.extend_from_slice(b"{\"id\": \"x\", \"text\": 5}\n"); // 6: wrong type
    input.extend_from_slice(b"\n   \n"); // 7, 8: blank, skipped
    input.extend_from_slice(b"[1, 2]\n"); // 9: not an object
    input
        .extend_from_slice(b"{\"id\": \"x\", \"turns\": [{\"role\": \"bot\", \"text\": \"a\"}]}\n"); // 10
    input.extend_from_slice(format!("{}", text("ok2", GOOD)).as_bytes()); // 11, no newline
    sb.write("in.jsonl", input);
    let run = grade(&sb, &["in.jsonl"]);
    run.expect(2);
    assert_eq!(ids(&lines(&run)), ["ok1", "ok2"]);
    let err = run.stderr();
    for expected in [
        "in.jsonl:2:21: not a valid JSON conversation: EOF while parsing a string",
        "in.jsonl:3:1: missing field `id`",
        "in.jsonl:4:1: missing field `text` or `turns`",
        "in.jsonl:5:23: not valid UTF-8 text",
        "in.jsonl:6:21: not a valid JSON conversation: invalid type: integer `5`, expected a string",
        "in.jsonl:9:1: expected a JSON object",
        "in.jsonl:10:1: turns[0].role: `bot` should be agent or customer",
        "graded 2 conversations: 0 failed, 7 input problems",
    ] {
        assert!(err.contains(expected), "{expected}\n---\n{err}");
    }
}

#[test]
fn strict_makes_the_first_problem_fatal() {
    let sb = sandbox();
    let input = format!("{}\n{{\"id\": 1}}\n{}\n", text("a", GOOD), text("b", GOOD));
    sb.write("in.jsonl", input);
    let run = grade(&sb, &["--strict", "in.jsonl"]);
    run.expect(2);
    assert_eq!(ids(&lines(&run)), ["a"]);
    assert_eq!(
        run.stderr().trim(),
        "in.jsonl:2:1: missing field `text` or `turns`"
    );
    // The same input without --strict grades the rest.
    let run = grade(&sb, &["in.jsonl"]);
    run.expect(2);
    assert_eq!(ids(&lines(&run)), ["a", "b"]);
}

#[test]
fn an_empty_or_missing_input_is_reported_and_the_rest_graded() {
    let sb = sandbox();
    sb.write("empty.jsonl", "");
    sb.write("blank.jsonl", "\n\n");
    sb.write("empty.csv", "id,text\n");
    sb.write("ok.jsonl", jsonl(&[text("a", GOOD)]));
    let run = grade(
        &sb,
        &[
            "empty.jsonl",
            "missing.jsonl",
            "blank.jsonl",
            "empty.csv",
            "ok.jsonl",
        ],
    );
    run.expect(2);
    assert_eq!(ids(&lines(&run)), ["a"]);
    let err = run.stderr();
    for expected in [
        "empty.jsonl:1:1: no conversations",
        "missing.jsonl: No such file or directory",
        "blank.jsonl:1:1: no conversations",
        "empty.csv:1:1: no conversations",
        "graded 1 conversations: 0 failed, 4 input problems",
    ] {
        assert!(err.contains(expected), "{expected}\n---\n{err}");
    }
    let run = grade(&sb, &["--strict", "missing.jsonl", "ok.jsonl"]);
    run.expect(2);
    assert!(run.stdout().is_empty());
}

#[test]
fn an_unusable_rules_file_exits_2_with_its_position() {
    let sb = Sandbox::new();
    sb.write("in.jsonl", jsonl(&[text("a", GOOD)]));
    sb.write("typo.yaml", "banned: [喂]\nrequierd: [您好]\n");
    let run = sb.run(&["grade", "--rules", "typo.yaml", "in.jsonl"]);
    run.expect(2);
    assert!(
        run.stderr().starts_with("typo.yaml:2:1: "),
        "{}",
        run.stderr()
    );
    assert!(run.stdout().is_empty());
    sb.write("empty.yaml", "banned:\n  - \"，\"\n");
    let run = sb.run(&["grade", "--rules", "empty.yaml", "in.jsonl"]);
    run.expect(2);
    assert!(
        run.stderr()
            .starts_with("empty.yaml:2:5: banned[0]: empty phrase"),
        "{}",
        run.stderr()
    );
    sb.write("bin.yaml", b"banned: [\xff]\n");
    let run = sb.run(&["grade", "--rules", "bin.yaml", "in.jsonl"]);
    run.expect(2);
    assert!(
        run.stderr().starts_with("bin.yaml:1:10: not valid UTF-8"),
        "{}",
        run.stderr()
    );
    let run = sb.run(&["grade", "--rules", "nope.yaml", "in.jsonl"]);
    run.expect(2);
    assert!(run.stderr().starts_with("nope.yaml: "), "{}", run.stderr());
}

#[test]
fn a_scenario_file_gives_its_banned_items_and_conversation_rules() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    let said = "您好，李先生，我是交行小王。李先生，李先生，你好。";
    sb.write(
        "in.jsonl",
        jsonl(&[text("a", said), text("b", "李先生李先生李先生")]),
    );
    let run = sb.run(&["grade", "--rules", "s.yaml", "in.jsonl"]);
    run.expect(1);
    let out = lines(&run);
    // `你好` is banned in a step; the steps' required items do not apply.
    assert_eq!(out[0]["banned"][0]["phrase"], "你好");
    assert_eq!(out[0]["missing"], serde_json::json!([]));
    assert_eq!(out[1]["passed"], true);
}

#[test]
fn order_is_kept_with_two_threads_on_many_conversations() {
    let sb = sandbox();
    let n = 30_000;
    let mut input = String::new();
    for i in 0..n {
        let t = if i % 7 == 0 { "喂，不知道" } else { GOOD };
        // Lengths vary so batches take uneven time.
        let pad = "好".repeat(i % 97);
        input.push_str(&format!(
            "{}\n",
            text(&format!("n{i}"), &format!("{t}{pad}"))
        ));
    }
    sb.write("many.jsonl", input);
    let run = grade(&sb, &["--threads", "2", "many.jsonl"]);
    run.expect(1);
    let out = lines(&run);
    assert_eq!(out.len(), n);
    for (i, v) in out.iter().enumerate() {
        assert_eq!(v["id"], format!("n{i}"));
        assert_eq!(v["passed"], i % 7 != 0, "{v}");
    }
    let err = run.stderr();
    let failed = n.div_ceil(7);
    assert!(
        err.contains(&format!(
            "graded {n} conversations: {failed} failed, 0 input problems"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("  喂: {failed} hits in {failed} conversations")),
        "{err}"
    );
}

#[test]
fn out_writes_the_results_to_a_file() {
    let sb = sandbox();
    sb.write("in.jsonl", jsonl(&[text("a", GOOD), text("b", "喂")]));
    let run = grade(&sb, &["--out", "results.jsonl", "in.jsonl"]);
    run.expect(1);
    assert!(run.stdout().is_empty());
    let written = std::fs::read_to_string(sb.path().join("results.jsonl")).expect("results");
    let ids: Vec<String> = written
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("json")["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"a\"", "\"b\""]);
}

#[test]
fn the_summary_is_on_stderr_as_text_or_json() {
    let sb = sandbox();
    sb.write(
        "in.jsonl",
        jsonl(&[text("a", "喂喂，不知道"), text("b", "喂"), text("c", GOOD)]),
    );
    let run = grade(&sb, &["in.jsonl"]);
    run.expect(1);
    let err = run.stderr();
    assert!(
        err.starts_with("graded 3 conversations: 2 failed, 0 input problems\nread "),
        "{err}"
    );
    assert!(err.contains(" MB/s\nmost frequent banned phrases:\n  喂: 3 hits in 2 conversations\n  不知道: 1 hits in 1 conversations\n"), "{err}");
    let run = grade(&sb, &["--json", "in.jsonl"]);
    run.expect(1);
    let summary: Value = serde_json::from_str(run.stderr().trim()).expect("summary JSON");
    assert_eq!(summary["conversations"], 3);
    assert_eq!(summary["passed"], 1);
    assert_eq!(summary["failed"], 2);
    assert_eq!(summary["problems"], 0);
    assert!(summary["bytes"].as_u64().unwrap_or(0) > 0);
    assert!(summary.get("bytes_per_second").is_some());
    assert_eq!(
        summary["top_banned"],
        serde_json::json!([{"phrase": "喂", "count": 3, "conversations": 2}, {"phrase": "不知道", "count": 1, "conversations": 1}])
    );
    // Chinese when asked.
    let run = sb.run(&["--lang", "zh", "grade", "--rules", "rules.yaml", "in.jsonl"]);
    assert!(
        run.stderr()
            .starts_with("已评 3 段对话: 2 段未通过, 0 处输入问题"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_runaway_line_is_skipped_without_taking_the_memory() {
    let sb = sandbox();
    let mut input = format!("{}\n", text("a", GOOD));
    input.push_str(&format!(
        "{{\"id\": \"big\", \"text\": \"{}\"}}\n",
        "好".repeat(6 * 1024 * 1024)
    ));
    input.push_str(&format!("{}\n", text("b", GOOD)));
    sb.write("in.jsonl", input);
    let run = grade(&sb, &["in.jsonl"]);
    run.expect(2);
    assert_eq!(ids(&lines(&run)), ["a", "b"]);
    assert!(
        run.stderr().contains("in.jsonl:2:1: line too long"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_context_condition_limits_a_rules_file_to_conversations_about_it() {
    let sb = Sandbox::new();
    sb.write(
        "wealth.yaml",
        "when:\n  mentions: [理财, 基金]\nbanned:\n  - concept: guarantee\n",
    );
    let turns = |id: &str, customer: &str, agent: &str| {
        serde_json::json!({"id": id, "turns": [
            {"role": "customer", "text": customer},
            {"role": "agent", "text": agent}
        ]})
    };
    sb.write(
        "in.jsonl",
        jsonl(&[
            // The customer's turn sets the context; the agent's words are graded.
            turns("wealth", "这个理财保本吗", "保证没问题"),
            turns("parcel", "快递到了吗", "保证明天到"),
            turns("disclosed", "这只基金稳吗", "收益没法保证"),
            text("csv-like", "这款理财我保证您稳赚"),
        ]),
    );
    let run = sb.run(&["grade", "--rules", "wealth.yaml", "in.jsonl"]);
    run.expect(1);
    let out = lines(&run);
    let passed: Vec<bool> = out.iter().map(|v| v["passed"] == true).collect();
    assert_eq!(passed, [false, true, true, false], "{}", run.stdout());
    assert_eq!(out[0]["banned"][0]["turns"], serde_json::json!([1]));
    sb.write("bad.yaml", "when:\n  mentions: []\nbanned: [保证]\n");
    let run = sb.run(&["grade", "--rules", "bad.yaml", "in.jsonl"]);
    run.expect(2);
    assert!(
        run.stdout()
            .contains("bad.yaml:2:13: when.mentions: must not be empty")
            || run
                .stderr()
                .contains("bad.yaml:2:13: when.mentions: must not be empty"),
        "{}{}",
        run.stdout(),
        run.stderr()
    );
}

/// The shipped audit packs (`rules/`), on sentences of each kind their comments name.
#[test]
fn the_shipped_audit_packs_flag_taboos_and_spare_their_look_alikes() {
    let sb = Sandbox::new();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let pack = |name: &str| root.join(name).display().to_string();
    #[track_caller]
    fn case(sb: &Sandbox, rules: &str, rows: &[(&str, &str, bool)]) {
        let input: Vec<Value> = rows
            .iter()
            .map(|(customer, agent, _)| {
                serde_json::json!({"id": agent, "turns": [
                    {"role": "customer", "text": customer},
                    {"role": "agent", "text": agent}
                ]})
            })
            .collect();
        sb.write("in.jsonl", jsonl(&input));
        let run = sb.run(&["grade", "--rules", rules, "in.jsonl"]);
        for (line, (_, agent, hit)) in lines(&run).iter().zip(rows) {
            let banned = line["banned"].as_array().is_some_and(|b| !b.is_empty());
            assert_eq!(banned, *hit, "{agent}: {line}");
        }
    }
    case(
        &sb,
        &pack("service-taboos.yaml"),
        &[
            ("在吗", "你好", true),
            ("这个怎么弄", "不知道,您去问大堂经理吧", true),
            ("这个怎么弄", "这个我们不清楚的哦", true),
            ("能改吗", "不行", true),
            ("能开发票吗", "抱歉,是不可以的哦", true),
            ("能开两张吗", "不可以的,一个订单一张发票", false),
            ("我想约个时间", "不知道您明天上午方便吗?", false),
            ("还是打不开", "如果还是不行,建议您重启一下", false),
            ("有问题吗", "有不清楚的地方随时问我", false),
            ("在吗", "您好,请问有什么可以帮您?", false),
        ],
    );
    case(
        &sb,
        &pack("wealth-misleading.yaml"),
        &[
            ("这个理财保本吗", "放心,保证收益", true),
            ("这个理财保本吗", "这款很安全,不会亏", true),
            ("这个理财保本吗", "收益不保证,也不承诺保本", false),
            (
                "这个理财保本吗",
                "业绩比较基准不代表实际收益,我们没法保证",
                false,
            ),
            ("快递什么时候到", "保证明天送到", false),
            ("账号被盗了", "为保障您的信息安全,请修改密码", false),
        ],
    );
}

/// The limit on one JSON line or CSV record, as the README gives it.
const MAX_RECORD: u64 = 16 * 1024 * 1024;

/// Peak memory allowed to a run on hostile input, whatever its size.
const FLAT_KB: i64 = 100 * 1024;

/// The binary's own peak memory, not this test process's (which `wait4`'s figure
/// includes: tests here run in parallel and some hold big strings).
#[track_caller]
fn flat(m: &Measured) {
    eprintln!(
        "MEASURED own {} KiB wait4 {} KiB in {:?}",
        m.own_peak_kb, m.max_rss_kb, m.elapsed
    );
    assert!(m.own_peak_kb > 0, "no memory sampled");
    assert!(
        m.own_peak_kb < FLAT_KB,
        "peak RSS {} KiB\n--- stderr\n{}",
        m.own_peak_kb,
        m.stderr
    );
    // A hang guard, not a speed test (speed is measured by the benchmarks).
    assert!(
        m.elapsed < std::time::Duration::from_secs(60),
        "took {:?}",
        m.elapsed
    );
}

/// Writes `head`, then `n` bytes of `fill` (repeated), then `tail` to `name`, a
/// megabyte at a time so that this process stays small while the file is big.
fn write_long(sb: &Sandbox, name: &str, head: &str, fill: u8, n: u64, tail: &str) {
    let file = std::fs::File::create(sb.path().join(name)).expect("create");
    let mut w = std::io::BufWriter::new(file);
    w.write_all(head.as_bytes()).expect("write");
    let chunk = vec![fill; 1 << 20];
    let mut left = n;
    while left > 0 {
        let k = left.min(chunk.len() as u64) as usize;
        w.write_all(&chunk[..k]).expect("write");
        left -= k as u64;
    }
    w.write_all(tail.as_bytes()).expect("write");
    w.flush().expect("flush");
}

/// Gzip of `head`, `n` zero bytes and `tail`: zeros compress about a thousandfold.
fn write_zero_gzip(sb: &Sandbox, name: &str, head: &str, n: u64, tail: &str) -> u64 {
    let file = std::fs::File::create(sb.path().join(name)).expect("create");
    let mut gz =
        flate2::write::GzEncoder::new(std::io::BufWriter::new(file), flate2::Compression::best());
    gz.write_all(head.as_bytes()).expect("gzip");
    let zeros = vec![0u8; 1 << 20];
    let mut left = n;
    while left > 0 {
        let k = left.min(zeros.len() as u64) as usize;
        gz.write_all(&zeros[..k]).expect("gzip");
        left -= k as u64;
    }
    gz.write_all(tail.as_bytes()).expect("gzip");
    gz.finish().expect("gzip").flush().expect("flush");
    std::fs::metadata(sb.path().join(name)).expect("size").len()
}

#[test]
fn a_csv_field_over_the_limit_is_skipped_in_flat_memory() {
    let sb = sandbox();
    // One quoted field of 48 MiB, with a newline in it.
    write_long(
        &sb,
        "in.csv",
        &format!("id,text\na,{GOOD}\nbig,\"开头\n"),
        b'x',
        48 << 20,
        &format!("\"\nb,{GOOD}\n"),
    );
    let m = measure(&sb, &["grade", "--rules", "rules.yaml", "in.csv"]);
    assert_eq!(m.code, 2, "{}", m.stderr);
    let ids: Vec<&str> = m
        .stdout
        .lines()
        .filter_map(|l| l.split('"').nth(3))
        .collect();
    assert_eq!(ids, ["a", "b"], "{}", m.stdout);
    assert!(
        m.stderr.contains(&format!(
            "in.csv:3:1: record too long (over {MAX_RECORD} bytes); skipped\n"
        )),
        "{}",
        m.stderr
    );
    assert!(
        m.stderr
            .contains("graded 2 conversations: 0 failed, 1 input problems"),
        "{}",
        m.stderr
    );
    flat(&m);
}

#[test]
fn a_csv_gzip_of_a_gigabyte_of_zero_bytes_is_refused_in_flat_memory() {
    let sb = sandbox();
    // No newline at all: the header never ends.
    let size = write_zero_gzip(&sb, "zeros.csv.gz", "", 1 << 30, "");
    assert!(size < 2 << 20, "{size} bytes");
    let m = measure(&sb, &["grade", "--rules", "rules.yaml", "zeros.csv.gz"]);
    assert_eq!(m.code, 2, "{}", m.stderr);
    assert!(m.stdout.is_empty());
    assert!(
        m.stderr.starts_with(&format!(
            "zeros.csv.gz:1:1: CSV header record too long (over {MAX_RECORD} bytes); the file cannot be read\n"
        )),
        "{}",
        m.stderr
    );
    assert!(m.stderr.len() < 500, "{} bytes on stderr", m.stderr.len());
    flat(&m);
    // Zeros in a record after the header: skipped, and the next record is read.
    write_zero_gzip(
        &sb,
        "rows.csv.gz",
        &format!("id,text\na,{GOOD}\n"),
        256 << 20,
        &format!("\nb,{GOOD}\n"),
    );
    let m = measure(&sb, &["grade", "--rules", "rules.yaml", "rows.csv.gz"]);
    assert_eq!(m.code, 2, "{}", m.stderr);
    assert_eq!(m.stdout.lines().count(), 2, "{}", m.stdout);
    assert!(
        m.stderr.starts_with(&format!(
            "rows.csv.gz:3:1: record too long (over {MAX_RECORD} bytes); skipped\n"
        )),
        "{}",
        m.stderr
    );
    flat(&m);
}

#[test]
fn messages_quote_only_an_excerpt_of_the_input() {
    let sb = sandbox();
    let long = "长".repeat(100_000);
    let start = "长".repeat(40);
    sb.write("wide.csv", format!("{long},words\na,您好\n"));
    sb.write(
        "in.jsonl",
        format!(
            "{}\n{}\n",
            serde_json::json!({"id": "s", "turns": long}),
            serde_json::json!({"id": "r", "turns": [{"role": long, "text": "您好"}]})
        ),
    );
    let run = grade(&sb, &["wide.csv", "in.jsonl"]);
    run.expect(2);
    let err = run.stderr();
    for expected in [
        format!("wide.csv:1:1: the CSV header has no `id` column (columns: {start}…)\n"),
        format!(
            "in.jsonl:1:100020: not a valid JSON conversation: invalid type: string \"{start}…\", expected a sequence\n"
        ),
        format!("in.jsonl:2:1: turns[0].role: `{start}…` should be agent or customer\n"),
    ] {
        assert!(err.contains(&expected), "{expected}\n---\n{err}");
    }
    assert!(err.len() < 2000, "{} bytes on stderr", err.len());
}

/// `--out` pointing at `target` (already a path to an input or the rules) is refused
/// with exit 2 before anything is written; every file stays as it was.
#[track_caller]
fn refused(sb: &Sandbox, out: &str, expected: &str) {
    let before = std::fs::read(sb.path().join("in.jsonl")).expect("input");
    let rules = std::fs::read(sb.path().join("rules.yaml")).expect("rules");
    let run = grade(sb, &["--out", out, "in.jsonl"]);
    run.expect(2);
    assert_eq!(run.stderr().trim_end(), expected);
    assert!(run.stdout().is_empty());
    assert_eq!(
        std::fs::read(sb.path().join("in.jsonl")).expect("input"),
        before
    );
    assert_eq!(
        std::fs::read(sb.path().join("rules.yaml")).expect("rules"),
        rules
    );
    assert_eq!(temp_files(sb), Vec::<String>::new());
}

/// Files left in the sandbox that look like temporary files.
fn temp_files(sb: &Sandbox) -> Vec<String> {
    std::fs::read_dir(sb.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp") || n.starts_with(".rehearse-") || n.starts_with(".tmp"))
        .collect()
}

#[test]
fn out_naming_an_input_is_refused() {
    let sb = sandbox();
    sb.write("in.jsonl", jsonl(&[text("a", GOOD)]));
    refused(
        &sb,
        "in.jsonl",
        "--out in.jsonl is the same file as the input in.jsonl; refusing to overwrite it",
    );
    refused(
        &sb,
        "./in.jsonl",
        "--out ./in.jsonl is the same file as the input in.jsonl; refusing to overwrite it",
    );
}

#[test]
fn out_naming_an_input_through_a_symlink_is_refused() {
    let sb = sandbox();
    sb.write("in.jsonl", jsonl(&[text("a", GOOD)]));
    std::os::unix::fs::symlink("in.jsonl", sb.path().join("link.jsonl")).expect("symlink");
    refused(
        &sb,
        "link.jsonl",
        "--out link.jsonl is the same file as the input in.jsonl; refusing to overwrite it",
    );
}

#[test]
fn out_naming_an_input_through_a_hard_link_is_refused() {
    let sb = sandbox();
    sb.write("in.jsonl", jsonl(&[text("a", GOOD)]));
    std::fs::hard_link(sb.path().join("in.jsonl"), sb.path().join("hard.jsonl"))
        .expect("hard link");
    refused(
        &sb,
        "hard.jsonl",
        "--out hard.jsonl is the same file as the input in.jsonl; refusing to overwrite it",
    );
}

#[test]
fn out_naming_the_rules_file_is_refused() {
    let sb = sandbox();
    sb.write("in.jsonl", jsonl(&[text("a", GOOD)]));
    refused(
        &sb,
        "rules.yaml",
        "--out rules.yaml is the same file as the rules file rules.yaml; refusing to overwrite it",
    );
}

#[test]
fn out_naming_the_file_on_stdin_is_refused() {
    let sb = sandbox();
    let input = jsonl(&[text("a", GOOD)]);
    sb.write("in.jsonl", &input);
    let stdin = std::fs::File::open(sb.path().join("in.jsonl")).expect("open");
    let args = ["grade", "--rules", "rules.yaml", "--out", "in.jsonl", "-"];
    let output = sb.command(&args).stdin(stdin).output().expect("run");
    let run = Run {
        args: args.iter().map(|s| s.to_string()).collect(),
        output,
    };
    run.expect(2);
    assert_eq!(
        run.stderr().trim_end(),
        "--out in.jsonl is the same file as the input <stdin>; refusing to overwrite it"
    );
    assert_eq!(
        std::fs::read_to_string(sb.path().join("in.jsonl")).expect("input"),
        input
    );
}

#[test]
fn out_is_replaced_only_when_grading_finishes() {
    let sb = sandbox();
    let old = "{\"id\":\"old\"}\n";
    sb.write("results.jsonl", old);
    let kept = |run: &Run| {
        assert_eq!(
            std::fs::read_to_string(sb.path().join("results.jsonl")).expect("results"),
            old,
            "{}",
            run.stderr()
        );
        assert_eq!(temp_files(&sb), Vec::<String>::new());
    };
    // No input could be read.
    let run = grade(&sb, &["--out", "results.jsonl", "missing.jsonl"]);
    run.expect(2);
    assert!(
        run.stderr()
            .contains("no conversation could be read; results.jsonl was not written"),
        "{}",
        run.stderr()
    );
    kept(&run);
    // --strict stops at a bad line after results were written to the temporary file.
    sb.write("bad.jsonl", format!("{}\nnot json\n", text("a", GOOD)));
    let run = grade(&sb, &["--strict", "--out", "results.jsonl", "bad.jsonl"]);
    run.expect(2);
    assert!(run.stderr().contains("bad.jsonl:2:1:"), "{}", run.stderr());
    kept(&run);
    // An unusable rules file.
    sb.write("in.jsonl", jsonl(&[text("a", GOOD)]));
    let run = sb.run(&[
        "grade",
        "--rules",
        "missing.yaml",
        "--out",
        "results.jsonl",
        "in.jsonl",
    ]);
    run.expect(2);
    kept(&run);
    // A finished run replaces it, through a symlink too (the link stays a link).
    std::os::unix::fs::symlink("results.jsonl", sb.path().join("latest.jsonl")).expect("symlink");
    let run = grade(&sb, &["--out", "latest.jsonl", "in.jsonl"]);
    run.expect(0);
    let written = std::fs::read_to_string(sb.path().join("results.jsonl")).expect("results");
    assert!(
        written.starts_with("{\"id\":\"a\",\"passed\":true"),
        "{written}"
    );
    assert!(
        std::fs::symlink_metadata(sb.path().join("latest.jsonl"))
            .expect("link")
            .file_type()
            .is_symlink()
    );
    assert_eq!(temp_files(&sb), Vec::<String>::new());
}

#[test]
fn a_long_file_of_candidates_gives_each_line_the_verdict_it_gets_alone() {
    // Every line but one in ten holds a phrase's anchor: past the first block each
    // worker's prefilter rests, so the line without one is graded in full there,
    // while alone it is skipped. The candidates take the fused pass, or the exact
    // path for what the pass leaves to it (a combining mark, a negated 您好); the
    // unit tests hold those two to each other, and the offsets test above holds
    // the binary's hits to the raw text.
    let sb = Sandbox::new();
    sb.write(
        "rules.yaml",
        "banned: [客户服务经理, VIP卡, 保证收益, 一目了然, 请问, {phrase: 风险, unless_negated: true}]\nrequired:\n  - 您好\nconversation:\n  - mentions: [李先生]\n    at_least: 1\n",
    );
    let traps = [
        text(
            "a",
            "ＯＫ！我是客戶服務經理，您的ＶＩＰ　卡……保 證 收 益，一目瞭然。請問",
        ),
        text("b", "李先生，您好，這款產品有風險"),
        text("c", "不，您好，没有风险"),
        text("d", "您\u{301}好，李先生，请问"),
        serde_json::json!({"id": "e", "turns": [
            {"role": "customer", "text": "请问有风险吗"},
            {"role": "agent", "text": "李先生您好，一目了然"},
        ]}),
        text("f", "今天天气不错"),
    ];
    let line = |v: &Value| format!("{v}\n");
    let mut body = String::new();
    let mut n = 0;
    while body.len() < 3_000_000 {
        let pick = if n % 10 == 9 { 5 } else { n % 5 };
        body.push_str(&line(&traps[pick]));
        n += 1;
    }
    sb.write("long.jsonl", &body);
    let run = grade(&sb, &["--threads", "2", "long.jsonl"]);
    run.expect(1);
    let whole = run.stdout();
    let alone: Vec<String> = traps
        .iter()
        .map(|t| {
            sb.write("one.jsonl", line(t));
            grade(&sb, &["one.jsonl"]).stdout()
        })
        .collect();
    let mut count = 0;
    for (i, got) in whole.lines().enumerate() {
        let pick = if i % 10 == 9 { 5 } else { i % 5 };
        assert_eq!(format!("{got}\n"), alone[pick], "line {}", i + 1);
        count += 1;
    }
    assert_eq!(count, n);
}
