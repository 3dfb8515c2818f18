//! Throughput of `grade`, per MB of JSON Lines: grading alone (parse a line, normalise,
//! one automaton pass, verdict, JSON out) on one thread, and the whole pipeline
//! (reader, workers, ordered writer) over a file. 200 banned phrases, a few required
//! items and a mentions rule; dialogue mixing Simplified, Traditional and full-width.

use std::hint::black_box;
use std::io::Write;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rehearse::grade::grader::{Grader, Scratch};
use rehearse::grade::pipeline::{self, Options};
use rehearse::grade::{line, rules};
use rehearse::i18n::Lang;

const AGENT: &[&str] = &[
    "您好，欢迎光临，请问有什么可以帮您？",
    "您好，歡迎光臨，請問有什麼可以幫您？",
    "请您稍候，我马上为您查询一下账户余额。",
    "這款理財產品的風險等級是R3，不保證收益，過往業績不代表未來表現。",
    "您的ＶＩＰ卡本月有５０００元的免费额度，超出部分按０．０５％收取手续费。",
    "非常抱歉給您帶來不便，我們會盡快處理您的投訴。",
    "李先生，您的定期存款将于下个月到期，需要为您办理自动转存吗？",
    "这事不归我管，你自己去问。",
    "好的，没问题！ 还有其他需要帮助的吗？谢谢您，再见。",
];
const CUSTOMER: &[&str] = &[
    "喂，哪位？",
    "我想取点钱。",
    "你们的服务费太高了。",
    "好的，谢谢。",
];
const SUBJECTS: &[&str] = &[
    "这事",
    "这个业务",
    "理财",
    "挂失",
    "转账",
    "开户",
    "汇款",
    "销户",
    "贷款",
    "信用卡",
];
const TAILS: &[&str] = &[
    "不归我管",
    "你自己去问",
    "没法办",
    "别来烦我",
    "跟我没关系",
    "找别人去",
    "明天再说",
    "自己看说明",
    "你听不懂吗",
    "规定就是这样",
    "我也没办法",
    "爱办不办",
    "排队去",
    "没空管",
    "等着吧",
    "不是我负责的",
    "不知道",
    "废话",
    "讨厌",
    "冷静一点",
];

fn rules_yaml() -> String {
    let mut out = String::from("banned:\n");
    for s in SUBJECTS {
        for t in TAILS {
            out.push_str(&format!("  - {s}{t}\n"));
        }
    }
    out.push_str("  - phrase: 保证\n    except: [不保证]\n");
    out.push_str("required:\n  - 您好\n  - any: [谢谢, 感谢]\n    label: 致谢\n");
    out.push_str("conversation:\n  - mentions: [李先生]\n    at_least: 2\n");
    out
}

/// About `bytes` of JSON Lines, deterministic: turns and text conversations.
fn corpus(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 4096);
    let mut n = 0usize;
    while out.len() < bytes {
        let mut turns = Vec::new();
        for k in 0..8 {
            turns.push(
                serde_json::json!({"role": "customer", "text": CUSTOMER[(n + k) % CUSTOMER.len()]}),
            );
            turns.push(
                serde_json::json!({"role": "agent", "text": AGENT[(n * 7 + k * 3) % AGENT.len()]}),
            );
        }
        let line = if n.is_multiple_of(3) {
            let text: Vec<&str> = (0..8).map(|k| AGENT[(n + k) % AGENT.len()]).collect();
            serde_json::json!({"id": format!("c{n}"), "text": text.join("\n")})
        } else {
            serde_json::json!({"id": format!("c{n}"), "turns": turns})
        };
        out.push_str(&line.to_string());
        out.push('\n');
        n += 1;
    }
    out
}

fn bench(c: &mut Criterion) {
    let yaml = rules_yaml();
    let rules = match rules::parse(Path::new("bench.yaml"), yaml.as_bytes(), Lang::En) {
        Ok(r) => r,
        Err(p) => panic!("{p:?}"),
    };
    let grader = Grader::new(&rules);
    let data = corpus(4 << 20);
    let mut group = c.benchmark_group("grade");
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(10);

    group.bench_function("one thread: parse + grade + JSON", |b| {
        let mut out = Vec::with_capacity(1 << 20);
        // Buffers kept from one conversation to the next, as a pipeline worker does.
        let mut scratch = Scratch::default();
        b.iter(|| {
            out.clear();
            for l in data.lines() {
                if let Ok(conv) = line::parse(l.as_bytes(), Lang::En) {
                    let v = grader.grade_with(&conv.parts(), &mut scratch);
                    let _ = rehearse::grade::output::line(&mut out, &conv.id, &v, conv.has_turns());
                }
            }
            black_box(out.len())
        })
    });

    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("temp dir: {e}"),
    };
    let path = dir.path().join("corpus.jsonl");
    if let Err(e) = std::fs::File::create(&path).and_then(|mut f| f.write_all(data.as_bytes())) {
        panic!("write corpus: {e}");
    }
    let inputs = [path];
    for threads in [1, 2] {
        group.bench_function(format!("pipeline, {threads} workers"), |b| {
            let opts = Options {
                threads,
                strict: false,
                lang: Lang::En,
                progress: None,
            };
            b.iter(|| {
                let mut sink = std::io::sink();
                let outcome = pipeline::run(&grader, &inputs, &mut sink, &mut |_| {}, &opts);
                black_box(outcome.map(|o| o.summary.conversations).unwrap_or(0))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
