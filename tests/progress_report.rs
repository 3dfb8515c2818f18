//! `rehearse progress --report PATH`: a trainee's progress as Markdown, CSV (with a
//! byte-order mark for Excel) and one self-contained HTML page with a chart; bad
//! report paths are refused and leave nothing behind.

mod common;

use common::Sandbox;

fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.write(
        "scenarios/p.yaml",
        "id: my-phone\ntitle: 电话<基础>\nskill: phone\nsteps:\n  - id: hello\n    title: 问好\n    customer: 喂\n    required: [您好]\n  - id: bye\n    title: 道别\n    customer: 好的\n    required: [再见]\n",
    );
    sb.write("both.yaml", "- 您好\n- 再见\n");
    sb.write("half.yaml", "- 您好\n- 嗯\n");
    for answers in ["half.yaml", "both.yaml", "both.yaml"] {
        let run = sb.run(&[
            "--trainee",
            "<b>王</b>",
            "run",
            "my-phone",
            "--answers",
            answers,
            "--seed",
            "1",
        ]);
        assert!(run.code() <= 1, "{}", run.stderr());
    }
    sb
}

/// Replaces the reports' times (`2026-11-23 17:20`) so snapshots do not depend on
/// the clock.
fn redact_times(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 16)].iter().collect();
        let b = rest.as_bytes();
        let looks_like_time = rest.len() == 16
            && b[4] == b'-'
            && b[7] == b'-'
            && b[10] == b' '
            && b[13] == b':'
            && rest[..4].bytes().all(|d| d.is_ascii_digit());
        if looks_like_time {
            out.push_str("[time]");
            i += 16;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Marks help in the record as a session at the terminal records it (the tmux tests
/// show it recorded there): the first run's opening answered after the hint, the
/// second run's opening after the model answer and its farewell after the hint.
fn with_help(sb: &Sandbox) {
    let db = rusqlite::Connection::open(sb.path().join("progress.db")).expect("db");
    let runs: Vec<i64> = db
        .prepare("SELECT id FROM runs ORDER BY id")
        .and_then(|mut q| q.query_map([], |r| r.get(0))?.collect())
        .expect("runs");
    let set = |run: i64, position: i64, column: &str| {
        db.execute(
            &format!("UPDATE steps SET {column} = 1 WHERE run_id = ?1 AND position = ?2"),
            [run, position],
        )
        .expect("update");
    };
    set(runs[0], 0, "saw_hint");
    set(runs[1], 0, "saw_model");
    set(runs[1], 0, "saw_hint");
    set(runs[1], 1, "saw_hint");
}

#[test]
fn markdown_and_csv_reports() {
    let sb = sandbox();
    with_help(&sb);
    for (file, lang) in [
        ("p.md", "zh"),
        ("p.csv", "en"),
        ("p-en.md", "en"),
        ("p-zh.csv", "zh"),
    ] {
        let run = sb.run(&[
            "--trainee",
            "<b>王</b>",
            "--lang",
            lang,
            "progress",
            "--report",
            file,
        ]);
        run.expect(0);
        assert!(run.stderr().contains(file), "{}", run.stderr());
    }
    let md = std::fs::read_to_string(sb.path().join("p.md")).expect("md");
    insta::assert_snapshot!("progress_report_md_zh", redact_times(&md));
    let csv = std::fs::read(sb.path().join("p.csv")).expect("csv");
    assert!(
        csv.starts_with("\u{feff}".as_bytes()),
        "a byte-order mark for Excel"
    );
    insta::assert_snapshot!(
        "progress_report_csv_en",
        redact_times(&String::from_utf8_lossy(&csv))
    );
    let md = std::fs::read_to_string(sb.path().join("p-en.md")).expect("md");
    insta::assert_snapshot!("progress_report_md_en", redact_times(&md));
    let csv = std::fs::read_to_string(sb.path().join("p-zh.csv")).expect("csv");
    insta::assert_snapshot!("progress_report_csv_zh", redact_times(&csv));
    // The same report from the record, as often as wanted.
    sb.run(&[
        "--trainee",
        "<b>王</b>",
        "--lang",
        "zh",
        "report",
        "--out",
        "r.md",
    ])
    .expect(0);
    assert_eq!(
        std::fs::read_to_string(sb.path().join("r.md")).expect("r.md"),
        std::fs::read_to_string(sb.path().join("p.md")).expect("p.md")
    );
}

#[test]
fn the_html_report_is_one_page_with_a_chart() {
    let sb = sandbox();
    with_help(&sb);
    sb.run(&["--trainee", "<b>王</b>", "progress", "--report", "p.html"])
        .expect(0);
    let html = std::fs::read_to_string(sb.path().join("p.html")).expect("html");
    let doc = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).expect("selector");
    assert_eq!(
        doc.select(&select("table.skills tbody tr")).count(),
        8,
        "one row per skill"
    );
    assert_eq!(
        doc.select(&select("table.runs tbody tr")).count(),
        3,
        "one row per run"
    );
    assert_eq!(
        doc.select(&select("svg circle.run")).count(),
        3,
        "one point per run"
    );
    assert_eq!(doc.select(&select("svg polyline")).count(), 1);
    // Each run's score carries its help marks, explained under the table.
    let scores: Vec<String> = doc
        .select(&select("table.runs tbody td:nth-child(3)"))
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(scores, ["50 △", "100 ※△", "100"]);
    let legend: Vec<String> = doc
        .select(&select("p.legend"))
        .map(|p| p.text().collect())
        .collect();
    assert_eq!(
        legend,
        [
            "※ an answer was given after seeing the model answer",
            "△ an answer was given after seeing the hint"
        ]
    );
    // Nothing from people becomes markup, and nothing is fetched.
    assert_eq!(
        doc.select(&select("b")).count(),
        0,
        "the trainee's name is text"
    );
    assert!(html.contains("&lt;b&gt;王&lt;/b&gt;"));
    assert!(html.contains("电话&lt;基础&gt;"));
    for external in ["<script", "src=", "href=", "@import"] {
        assert!(
            !html.contains(external),
            "{external} in a self-contained page"
        );
    }
}

#[test]
fn bad_report_paths_are_refused_and_leave_nothing() {
    let sb = sandbox();
    let before: Vec<_> = std::fs::read_dir(sb.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    let run = sb.run(&["progress", "--report", "p.pdf"]);
    run.expect(2);
    assert!(
        run.stderr().contains(".md, .csv or .html"),
        "{}",
        run.stderr()
    );
    std::fs::create_dir_all(sb.path().join("taken.html")).expect("mkdir");
    sb.run(&["progress", "--report", "taken.html"]).expect(2);
    sb.run(&["progress", "--report", "no/such/dir/p.md"])
        .expect(2);
    let mut after: Vec<_> = std::fs::read_dir(sb.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    after.retain(|n| n != "taken.html");
    assert_eq!(
        before.len(),
        after.len(),
        "no temporary or partial file left: {after:?}"
    );
}
