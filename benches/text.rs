//! Throughput of the text layer: normalisation alone, and normalisation plus matching
//! against a scenario-sized phrase set (200 phrases), on ~64 KB of branch dialogue mixing
//! Simplified, Traditional and full-width text.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rehearse::text::clause::Context;
use rehearse::text::matcher::{Found, Matcher};
use rehearse::text::normalize::{Normalized, normalize, normalize_mapped, normalize_mapped_into};
use rehearse::text::t2s::t2s;

/// Answers as trainees type them: Simplified, Traditional (Hong Kong / Taiwan staff),
/// full-width digits and letters from Chinese input methods, mixed punctuation.
const SENTENCES: &[&str] = &[
    "您好，欢迎光临，请问有什么可以帮您？",
    "您好，歡迎光臨，請問有什麼可以幫您？",
    "请您稍候，我马上为您查询一下账户余额。",
    "請您稍候，我馬上為您查詢一下帳戶餘額。",
    "这款理财产品的风险等级是Ｒ２，不保证收益，过往业绩不代表未来表现。",
    "這款理財產品的風險等級是R3，不保證收益，過往業績不代表未來表現。",
    "您的ＶＩＰ卡本月有５０００元的免费额度，超出部分按０．０５％收取手续费。",
    "非常抱歉给您带来不便，我们会尽快处理您的投诉。",
    "非常抱歉給您帶來不便，我們會盡快處理您的投訴。",
    "麻烦您出示一下身份证，我帮您办理挂失手续。",
    "麻煩您出示一下身分證，我幫您辦理掛失手續。",
    "李先生，您的定期存款将于下个月到期，需要为您办理自动转存吗？",
    "这个服务费太高了吗？我们可以帮您申请减免。",
    "根据监管要求，我们需要对您进行风险承受能力评估。",
    "根據監管要求，我們需要對您進行風險承受能力評估。",
    "好的，没问题！ 还有其他需要帮助的吗？",
    "ATM机暂时故障，您可以到柜台办理，或者使用手机银行APP。",
    "請您在這裡簽名確認，謝謝您的耐心等待。",
    "「客戶服務經理」會在三個工作日內與您聯繫。",
    "我行信用卡年费首年免收，次年刷卡满６次即可免年费。",
];

/// Words combined into the 200-phrase scenario vocabulary.
const HEADS: &[&str] = &[
    "请", "为您", "帮您", "马上", "稍候", "办理", "查询", "确认", "申请", "感谢",
];
const TAILS: &[&str] = &[
    "业务",
    "账户",
    "手续",
    "余额",
    "理财产品",
    "风险评估",
    "身份证",
    "存款",
    "信用卡",
    "年费",
    "手续费",
    "免费额度",
    "投诉",
    "挂失",
    "转存",
    "签名",
    "等待",
    "不便",
    "问题",
    "帮助",
];

fn corpus(bytes: usize) -> String {
    corpus_of(SENTENCES, bytes)
}

/// Simplified sentences only: the bulk of mainland transcripts, where nothing converts.
fn simplified_corpus(bytes: usize) -> String {
    let simplified: Vec<&str> = SENTENCES
        .iter()
        .copied()
        .filter(|s| t2s().convert(s) == *s)
        .collect();
    corpus_of(&simplified, bytes)
}

fn corpus_of(sentences: &[&str], bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 256);
    // A fixed LCG so every run measures the same text.
    let mut state: u32 = 0x2545_f491;
    while text.len() < bytes {
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let pick = usize::try_from(state >> 16).unwrap_or(0) % sentences.len();
        text.push_str(sentences[pick]);
        text.push(if state & 1 == 0 { '\n' } else { ' ' });
    }
    text
}

fn phrases() -> Vec<String> {
    let mut out: Vec<String> = HEADS
        .iter()
        .flat_map(|h| TAILS.iter().map(move |t| format!("{h}{t}")))
        .collect();
    out.truncate(200);
    out
}

fn bench(c: &mut Criterion) {
    let text = corpus(64 * 1024);
    let bytes = u64::try_from(text.len()).unwrap_or(u64::MAX);
    let phrases = phrases();
    let matcher = Matcher::new(phrases.iter().map(String::as_str));
    // Build the T2S tables outside the timed loop.
    black_box(normalize("預熱"));

    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("normalize", |b| b.iter(|| normalize(black_box(&text))));
    group.bench_function("normalize_mapped", |b| {
        b.iter(|| normalize_mapped(black_box(&text)))
    });
    group.bench_function("normalize+occurrences/200 phrases", |b| {
        b.iter(|| matcher.find(black_box(&text)))
    });
    group.bench_function("normalize+occurrences/200 phrases, buffers reused", |b| {
        let mut normalized = Normalized::default();
        let mut found = Vec::new();
        b.iter(|| {
            normalize_mapped_into(black_box(&text), &mut normalized);
            let raw = || text.clone();
            matcher.occurrences_into(&Context::new(&raw, &normalized), &mut found);
            found.len()
        })
    });
    let mut found = Found::default();
    // The fused search must take this text in one pass for the figure to mean it.
    if matcher
        .find_fused(std::iter::once(text.as_str()), '\u{E000}', None, &mut found)
        .is_err()
    {
        panic!("the fused search gave up on the benchmark text");
    }
    group.bench_function("fused normalize+occurrences/200 phrases", |b| {
        b.iter(|| {
            let _ = matcher.find_fused(
                std::iter::once(black_box(text.as_str())),
                '\u{E000}',
                None,
                &mut found,
            );
            found.occ.len()
        })
    });
    let normalized = normalize_mapped(&text);
    group.bench_function("occurrences only/200 phrases", |b| {
        let raw = || text.clone();
        let ctx = Context::new(&raw, &normalized);
        b.iter(|| matcher.occurrences(black_box(&ctx)))
    });
    let simplified = simplified_corpus(64 * 1024);
    group.throughput(Throughput::Bytes(
        u64::try_from(simplified.len()).unwrap_or(u64::MAX),
    ));
    group.bench_function("normalize/simplified only", |b| {
        b.iter(|| normalize(black_box(&simplified)))
    });
    group.bench_function("t2s phrase search/simplified only", |b| {
        b.iter(|| t2s().phrases(black_box(&simplified)).count())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
