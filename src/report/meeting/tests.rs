//! The meeting's screens and report files in both languages, from a small meeting
//! with the manager's word on one answer.

use super::*;

/// Three trainees, the manager's word on one answer, a branch and facilitator.
fn reviewed<'s>(s: &'s Scenario) -> Meeting<'s> {
    let mut m = fixture::meeting(
        s,
        &[
            ("张三", ["您好", "谢谢"]),
            ("欧阳娜娜·阿依古丽", ["你好保证", "谢谢您"]),
            ("李四", ["嗯", "好"]),
        ],
    );
    let review = &mut m.entries[2].run.steps[0].review;
    review.score = Some(60);
    review.comment = Some("语气亲切,只是少了问候".into());
    review.picked = true;
    m.info = crate::record::MeetingInfo {
        branch: Some("徐汇支行".into()),
        facilitator: Some("周经理".into()),
        scenario_file: None,
    };
    m
}

fn render(lang: Lang, format: Format) -> String {
    colored::control::set_override(false);
    let s = fixture::scenario();
    let m = reviewed(&s);
    let tz = TimeZone::fixed(jiff::tz::Offset::constant(8));
    let mut out = Vec::new();
    report(&mut out, lang, format, &m, &tz).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_minutes_in_both_languages() {
    insta::assert_snapshot!("minutes_zh", render(Lang::Zh, Format::Markdown));
    insta::assert_snapshot!("minutes_en", render(Lang::En, Format::Markdown));
}

#[test]
fn the_page_in_both_languages() {
    insta::assert_snapshot!("page_zh", render(Lang::Zh, Format::Html));
    insta::assert_snapshot!("page_en", render(Lang::En, Format::Html));
}

#[test]
fn the_table_in_both_languages() {
    insta::assert_snapshot!("table_zh", render(Lang::Zh, Format::Csv));
    insta::assert_snapshot!("table_en", render(Lang::En, Format::Csv));
}

fn announcements(lang: Lang) -> String {
    colored::control::set_override(false);
    let s = fixture::scenario();
    let m = reviewed(&s);
    let mut out = Vec::new();
    turn(&mut out, lang, "张三", (0, 3)).unwrap_or_default();
    turn_done(&mut out, lang, "张三", 75, false).unwrap_or_default();
    skipped(&mut out, lang, "李四").unwrap_or_default();
    leaderboard(&mut out, lang, &m).unwrap_or_default();
    // Round by round: the header, then everyone's answer to the round's line.
    round(&mut out, lang, 2).unwrap_or_default();
    let compiled = crate::scoring::Compiled::new(&s);
    let answers =
        [("张三", "您好"), ("欧阳娜娜·阿依古丽", "你好保证")].map(|(name, a)| RoundAnswer {
            name,
            answer: a.into(),
            verdict: compiled.score(0, a),
        });
    round_done(&mut out, lang, 2, &answers).unwrap_or_default();
    String::from_utf8(out).unwrap_or_default()
}

#[test]
fn the_announcements_in_both_languages() {
    insta::assert_snapshot!("announcements_zh", announcements(Lang::Zh));
    insta::assert_snapshot!("announcements_en", announcements(Lang::En));
}

#[test]
fn the_screen_is_cleared_with_its_scrollback() {
    let mut out = Vec::new();
    clear_screen(&mut out).unwrap_or_default();
    assert_eq!(out, b"\x1b[H\x1b[2J\x1b[3J");
}

#[test]
fn formats_come_from_the_extension() {
    let case = |p: &str| Format::of(std::path::Path::new(p));
    assert_eq!(case("a.md"), Some(Format::Markdown));
    assert_eq!(case("会议.CSV"), Some(Format::Csv));
    assert_eq!(case("x/y.html"), Some(Format::Html));
    assert_eq!(case("a.pdf"), None);
    assert_eq!(case("md"), None);
}

#[test]
fn the_json_holds_the_leaderboard() {
    let s = fixture::scenario();
    let m = fixture::meeting(&s, &[("乙", ["您好", "谢谢"]), ("甲", ["保证", "谢谢"])]);
    let v = serde_json::to_value(to_json(&m, Vec::new())).unwrap_or_default();
    assert_eq!(v["id"], "2026-11-23-1");
    assert_eq!(v["seed"], 3);
    assert_eq!(v["leaderboard"][0]["trainee"], "乙");
    assert_eq!(v["leaderboard"][1]["banned_hits"], 1);
    assert_eq!(v["leaderboard"][1]["score"], 50);
}
