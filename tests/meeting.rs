//! `rehearse meeting` without a terminal (`--answers NAME=FILE`): the leaderboard,
//! the JSON, the meeting recorded whole under one id, the Markdown, CSV and HTML
//! reports, and every way the input can be unusable (exit 2, nothing recorded,
//! nothing written); then at a terminal (tmux): turns at a cleared screen, Esc
//! ending a turn, the meeting ended early, the manager's word.

mod common;

use common::tmux::Tmux;
use common::{GOOD, PHONE, POOR, Run, Sandbox};

/// Fails the opening once (banned 你好), then passes; a banned 保证 at the invite.
/// A trainee whose name and answers try to inject markup.
const SCRIPT_NAME: &str = "<script>alert(1)</script>";
const SCRIPTY: &str = "- \"您好,李先生,我是交通银行<script>alert('x')</script>\"\n- 李先生,最近生意忙吗?\n- 李先生,您周三方便来网点面谈吗? & <b>\n";

/// A sandbox with the scenario `s.yaml` and answers `good.yaml`, `poor.yaml`.
fn sandbox() -> Sandbox {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    sb.write("good.yaml", GOOD);
    sb.write("poor.yaml", POOR);
    sb.write("scripty.yaml", SCRIPTY);
    sb
}

fn meeting(sb: &Sandbox, extra: &[&str]) -> Run {
    let mut args = vec![
        "meeting",
        "s.yaml",
        "--trainees",
        "李四,张三",
        "--answers",
        "张三=good.yaml",
        "--answers",
        "李四=poor.yaml",
        "--seed",
        "42",
    ];
    args.extend_from_slice(extra);
    sb.run(&args)
}

#[test]
fn a_meeting_ranks_records_and_prints_its_id() {
    let sb = sandbox();
    let run = meeting(&sb, &["--json"]);
    run.expect(1);
    let j = run.json();
    let id = j["id"].as_str().expect("id").to_owned();
    assert_eq!(j["seed"], 42);
    assert_eq!(j["scenario"], "phone-outbound-invite");
    assert_eq!(j["passed"], false);
    let board: Vec<(u64, &str, u64, u64)> = j["leaderboard"]
        .as_array()
        .expect("leaderboard")
        .iter()
        .map(|s| {
            (
                s["rank"].as_u64().unwrap_or(0),
                s["trainee"].as_str().unwrap_or(""),
                s["score"].as_u64().unwrap_or(0),
                s["banned_hits"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(board, [(1, "张三", 100, 0), (2, "李四", 50, 2)]);
    // Each run is `run --json`'s object plus the trainee, in turn order.
    assert_eq!(j["runs"][0]["trainee"], "李四");
    assert_eq!(j["runs"][0]["steps"][0]["banned"][0], "你好");
    assert_eq!(j["runs"][1]["score"], 100);
    assert_eq!(j["runs"][1]["conversation"][0]["met"], true);

    let runs = sb.recorded();
    assert_eq!(runs.len(), 2);
    for r in &runs {
        assert_eq!(r.run.meeting_id.as_deref(), Some(id.as_str()));
        assert_eq!(r.run.seed, 42);
    }
    // The id is the date and the day's number.
    let (date, n) = id.rsplit_once('-').expect("date-n");
    assert_eq!((date.len(), n), (10, "1"), "{id}");

    // The next meeting the same day gets the next number; the text output names it.
    let again = meeting(&sb, &[]);
    again.expect(1);
    let out = again.stdout();
    assert!(out.contains(&format!("Meeting id: {date}-2")), "{out}");
    assert!(out.contains("1 of 2 passed"), "{out}");
}

#[test]
fn everyone_passing_exits_0() {
    let sb = sandbox();
    let run = sb.run(&[
        "meeting",
        "s.yaml",
        "--trainees",
        "张三,王五",
        "--answers",
        "张三=good.yaml",
        "--answers",
        "王五=good.yaml",
    ]);
    run.expect(0);
    assert!(run.stdout().contains("Everyone passed"), "{}", run.stdout());
    let runs = sb.recorded();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0].run.seed, runs[1].run.seed, "one seed for all");
}

/// Runs `rehearse meeting s.yaml` with `args` and expects exit 2 with `message` on
/// stderr, nothing recorded and no report written.
#[track_caller]
fn refused(sb: &Sandbox, args: &[&str], message: &str) {
    let mut all = vec!["meeting", "s.yaml"];
    all.extend_from_slice(args);
    let run = sb.run(&all);
    run.expect(2);
    assert!(
        run.stderr().contains(message),
        "`{message}` not in:\n{}",
        run.stderr()
    );
    assert_eq!(sb.recorded(), [], "nothing is recorded");
    let left: Vec<String> = std::fs::read_dir(sb.path())
        .expect("sandbox")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') || n.starts_with("report"))
        .collect();
    assert_eq!(left, Vec::<String>::new(), "no report or temporary file");
}

#[test]
fn bad_answers_specs_exit_2() {
    let sb = sandbox();
    let t = ["--trainees", "张三,李四"];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut v = t.to_vec();
        v.extend_from_slice(extra);
        v
    };
    refused(
        &sb,
        &t,
        "give every trainee's answers with --answers NAME=FILE",
    );
    refused(
        &sb,
        &with(&["--answers", "张三good.yaml", "--answers", "李四=poor.yaml"]),
        "--answers 张三good.yaml: expected NAME=FILE",
    );
    refused(
        &sb,
        &with(&["--answers", "张三=good.yaml", "--answers", "王五=poor.yaml"]),
        "--answers: 王五 is not one of --trainees",
    );
    refused(
        &sb,
        &with(&["--answers", "张三=good.yaml", "--answers", "张三=poor.yaml"]),
        "--answers: 张三 is given two answers files",
    );
    refused(
        &sb,
        &with(&["--answers", "张三=good.yaml"]),
        "--answers: no answers file for 李四",
    );
    refused(
        &sb,
        &with(&[
            "--answers",
            "张三=good.yaml",
            "--answers",
            "李四=missing.yaml",
        ]),
        "missing.yaml",
    );
    refused(
        &sb,
        &["--trainees", "张三,张三", "--answers", "张三=good.yaml"],
        "--trainees lists 张三 twice",
    );
    sb.write(
        "short.yaml",
        "- 您好,李先生,我是交通银行客户服务经理小王。\n",
    );
    refused(
        &sb,
        &with(&[
            "--answers",
            "张三=good.yaml",
            "--answers",
            "李四=short.yaml",
        ]),
        "trainee 李四: short.yaml: no answer for step `need` (answer 2 of the conversation)",
    );
}

#[test]
fn unusable_reports_exit_2_before_anything_is_recorded() {
    let sb = sandbox();
    let base = [
        "--trainees",
        "张三",
        "--answers",
        "张三=good.yaml",
        "--report",
    ];
    let with = |path: &'static str| {
        let mut v = base.to_vec();
        v.push(path);
        v
    };
    refused(
        &sb,
        &with("report.pdf"),
        "report.pdf: the report's format comes from its extension: .md, .csv or .html",
    );
    refused(&sb, &with("no-such-dir/report.md"), "no-such-dir/report.md");
    std::fs::create_dir(sb.path().join("report.html")).expect("mkdir");
    let run = sb.run(&{
        let mut v = vec!["meeting", "s.yaml"];
        v.extend(with("report.html"));
        v
    });
    run.expect(2);
    assert!(run.stderr().contains("report.html"), "{}", run.stderr());
    assert_eq!(sb.recorded(), []);
}

#[test]
fn a_bad_database_is_refused_before_anyone_answers() {
    let sb = sandbox();
    let junk = b"not a database, and it must stay exactly this".repeat(100);
    sb.write("progress.db", &junk);
    let run = meeting(&sb, &[]);
    run.expect(2);
    assert!(
        run.stderr().contains("progress database"),
        "{}",
        run.stderr()
    );
    assert_eq!(
        std::fs::read(sb.path().join("progress.db")).expect("db"),
        junk
    );
}

/// Every `YYYY-MM-DD HH:MM` in `text` as `[time]`: the meeting is held now.
fn redact_times(text: &str) -> String {
    let shape = |w: &[char]| {
        w.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == '-',
            10 => *c == ' ',
            13 => *c == ':',
            _ => c.is_ascii_digit(),
        })
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if i + 16 <= chars.len() && shape(&chars[i..i + 16]) {
            out.push_str("[time]");
            i += 16;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// The meeting's id, from a `--json` run, and its time, so snapshots do not depend
/// on the date.
fn with_report(sb: &Sandbox, path: &str, lang: &str) -> String {
    let run = meeting(sb, &["--json", "--report", path, "--lang", lang]);
    run.expect(1);
    let id = run.json()["id"].as_str().expect("id").to_owned();
    let bytes = std::fs::read(sb.path().join(path)).expect("report written");
    redact_times(
        &String::from_utf8(bytes)
            .expect("UTF-8")
            .replace(&id, "[meeting id]"),
    )
}

/// The names of the files in the sandbox's top folder, sorted.
fn files(sb: &Sandbox) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(sb.path())
        .expect("sandbox")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn reports_from_the_record_repeat_exactly_and_leave_the_store_as_it_was() {
    let sb = sandbox();
    let tz = [("TZ", "Asia/Shanghai")];
    let run = sb.run_with(
        &[
            "meeting",
            "s.yaml",
            "--answers",
            "张三=good.yaml",
            "--answers",
            "李四=poor.yaml",
            "--seed",
            "918273",
            "--branch",
            "徐汇支行",
            "--facilitator",
            "周经理",
            "--report",
            "at-the-meeting.html",
            "--json",
        ],
        &tz,
    );
    run.expect(1);
    let id = run.json()["id"].as_str().expect("id").to_owned();
    // `--answers` alone named the trainees, in the order given.
    assert_eq!(run.json()["runs"][0]["trainee"], "张三");
    let db = sb.path().join("progress.db");
    let before = std::fs::read(&db).expect("db");
    let listing = files(&sb);
    for ext in ["md", "csv", "html"] {
        let mut outputs = Vec::new();
        for n in 1..=2 {
            let out = format!("r{n}.{ext}");
            sb.run_with(&["report", "--meeting", &id, "--out", &out], &tz)
                .expect(0);
            outputs.push(std::fs::read(sb.path().join(&out)).expect("report"));
            std::fs::remove_file(sb.path().join(&out)).expect("remove");
        }
        assert_eq!(outputs[0], outputs[1], "{ext}: the same bytes twice");
        if ext == "html" {
            let at_meeting = std::fs::read(sb.path().join("at-the-meeting.html")).expect("page");
            assert_eq!(
                String::from_utf8_lossy(&outputs[0]),
                String::from_utf8_lossy(&at_meeting),
                "the meeting's own report is the same page"
            );
            let page = String::from_utf8_lossy(&outputs[0]).into_owned();
            for fact in ["徐汇支行", "周经理", "Asia/Shanghai", "Most often missed"] {
                assert!(page.contains(fact), "{fact} not on the page");
            }
            // (A seed no clock time or date can contain.)
            for internal in ["918273", "phone-outbound-invite", "seed"] {
                assert!(!page.contains(internal), "{internal} on the page");
            }
        }
    }
    // Markdown on stdout without --out, the recorded branch overridable.
    let md = sb.run_with(&["report", "--meeting", &id, "--branch", "静安支行"], &tz);
    md.expect(0);
    assert!(
        md.stdout().contains("- Branch: 静安支行"),
        "{}",
        md.stdout()
    );
    assert_eq!(
        std::fs::read(&db).expect("db"),
        before,
        "the store is untouched"
    );
    assert_eq!(files(&sb), listing, "no -wal, -shm or other file appeared");

    let unknown = sb.run(&["report", "--meeting", "2020-01-01-9"]);
    unknown.expect(2);
    assert!(unknown.stderr().contains("no meeting with id 2020-01-01-9"));
    let format = sb.run(&["report", "--meeting", &id, "--out", "r.pdf"]);
    format.expect(2);
}

#[test]
fn a_trainees_report_from_the_record() {
    let sb = sandbox();
    meeting(&sb, &[]).expect(1);
    let run = sb.run_with(
        &["--trainee", "张三", "report", "--out", "张三.html"],
        &[("TZ", "Asia/Shanghai")],
    );
    run.expect(0);
    let page = std::fs::read_to_string(sb.path().join("张三.html")).expect("page");
    assert!(page.contains("Asia/Shanghai"), "local time with its zone");
    for axis in [">Date<", ">Score<"] {
        assert!(page.contains(axis), "{axis}: the chart's axes are labelled");
    }
    assert!(page.contains("class=\"skill\""), "a line per skill");
    let md = sb.run(&["--trainee", "张三", "report"]);
    md.expect(0);
    assert!(md.stdout().starts_with("# "), "{}", md.stdout());
}

#[test]
fn the_markdown_minutes() {
    let sb = sandbox();
    insta::assert_snapshot!("minutes_zh", with_report(&sb, "会议.md", "zh"));
    insta::assert_snapshot!("minutes_en", with_report(&sb, "minutes.MD", "en"));
}

#[test]
fn the_csv_table_opens_in_excel() {
    let sb = sandbox();
    let text = with_report(&sb, "meeting.csv", "zh");
    let body = text
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte-order mark");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(
        reader.records().count(),
        4 + 3,
        "one row per trainee × step"
    );
    insta::assert_snapshot!("csv_zh", body);
}

/// The text of each cell of each row `rows` selects.
fn cells(page: &scraper::Html, rows: &str) -> Vec<Vec<String>> {
    let select = |css: &str| scraper::Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e}"));
    page.select(&select(rows))
        .map(|tr| {
            tr.select(&select("td"))
                .map(|td| td.text().collect())
                .collect()
        })
        .collect()
}

#[test]
fn the_html_page_parses_and_escapes_what_people_typed() {
    use scraper::{Html, Selector};
    let sb = sandbox();
    let trainees = format!("张三,{SCRIPT_NAME},李四");
    let spec = format!("{SCRIPT_NAME}=scripty.yaml");
    let run = sb.run(&[
        "meeting",
        "s.yaml",
        "--trainees",
        &trainees,
        "--answers",
        "张三=good.yaml",
        "--answers",
        &spec,
        "--answers",
        "李四=poor.yaml",
        "--seed",
        "7",
        "--report",
        "page.html",
    ]);
    run.expect(1);
    let text = std::fs::read_to_string(sb.path().join("page.html")).expect("page");
    let page = Html::parse_document(&text);
    assert!(page.errors.is_empty(), "{:?}", page.errors);
    let select = |css: &str| Selector::parse(css).unwrap_or_else(|e| panic!("{css}: {e}"));
    assert_eq!(
        page.select(&select("script")).count(),
        0,
        "no script ran in"
    );

    let rows = cells(&page, "table#leaderboard tbody tr");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0][..3], ["1", SCRIPT_NAME, "100"]);
    assert_eq!(rows[1][..3], ["1", "张三", "100"]);
    assert_eq!(rows[2][..4], ["3", "李四", "50", "2"]);

    let steps = cells(&page, "table#steps tbody tr");
    assert_eq!(steps.len(), 3 + 3 + 4);
    assert!(
        steps.iter().any(|r| r[2] == SCRIPT_NAME
            && r[3] == "您好,李先生,我是交通银行<script>alert('x')</script>"),
        "{steps:?}"
    );
    assert_eq!(page.select(&select("table#steps tr.best")).count(), 3);

    let bars: Vec<(String, String)> = page
        .select(&select("svg#chart rect.bar"))
        .map(|r| {
            let v = r.value();
            let title: String = r.text().collect();
            (title, v.attr("width").unwrap_or("").to_owned())
        })
        .collect();
    assert_eq!(
        bars,
        [
            (format!("{SCRIPT_NAME}: 100"), "400".to_owned()),
            ("张三: 100".to_owned(), "400".to_owned()),
            ("李四: 50".to_owned(), "200".to_owned()),
        ]
    );
}

/// A meeting on `s.yaml` at a terminal (tmux session `session`), these trainees
/// taking turns, with `extra` options.
fn at_terminal(sb: &Sandbox, session: &str, trainees: &str, extra: &[&str]) -> Tmux {
    let mut args = vec!["meeting", "s.yaml", "--trainees", trainees];
    args.extend_from_slice(extra);
    Tmux::start(sb, session, &args, &[])
}

/// The answers of `GOOD`, as typed.
fn good() -> Vec<&'static str> {
    GOOD.lines().map(|l| l.trim_start_matches("- ")).collect()
}

/// Moves `down` places in the menu on screen and chooses.
fn choose(t: &Tmux, down: usize) {
    for _ in 0..down {
        t.keys(&["Down"]);
    }
    t.keys(&["Enter"]);
}

/// Waits for `name`'s ready prompt and starts the turn.
fn take_seat(t: &Tmux, name: &str) {
    t.wait_for(&format!("{name}, take the seat"));
    t.keys(&["Enter"]);
}

/// Types `answers` at the turn's answer prompts, the first at its `first`-th.
fn answer(t: &Tmux, first: usize, answers: &[&str]) {
    for (n, text) in answers.iter().enumerate() {
        t.wait_for_nth("Your answer", first + n);
        t.line(text);
    }
}

/// Plays one trainee's turn from the ready prompt: `answers` in order, every step
/// passed, to the score.
fn play_turn(t: &Tmux, name: &str, answers: &[&str]) {
    take_seat(t, name);
    answer(t, 1, answers);
    t.wait_for(&format!("{name} scored"));
}

/// Takes the seat and presses Esc at the first answer prompt.
fn leave_turn(t: &Tmux, name: &str) {
    take_seat(t, name);
    t.wait_for("Your answer");
    t.keys(&["Escape"]);
    t.wait_for(&format!("{name}'s turn was interrupted"));
}

/// At the menu after an interrupted turn (or before one): end the meeting.
fn end_meeting(t: &Tmux) {
    t.wait_for("End the meeting");
    choose(t, 2);
}

/// Leaves the manager's word as it is (Esc): the meeting is recorded.
fn no_changes(t: &Tmux) -> String {
    t.wait_for("The manager's word");
    t.keys(&["Escape"]);
    t.wait_for("Meeting id:")
}

/// The `nth` time the manager's menu is shown: its entry `down` places down (0: a
/// changed score, 1: the best answer), the first step, the answer `answer` places
/// down.
fn review(t: &Tmux, nth: usize, down: usize, answer: usize) {
    t.wait_for_nth("The manager's word", nth);
    choose(t, down);
    t.wait_for_nth("Which step?", nth);
    choose(t, 0);
    t.wait_for_nth("Which answer?", nth);
    t.wait_for("乙 (");
    choose(t, answer);
}

#[test]
fn two_trainees_take_turns_at_a_cleared_screen() {
    let sb = sandbox();
    let t = at_terminal(&sb, "turns", "甲,乙", &["--seed", "4"]);
    t.wait_for("甲's turn (1 of 2)");
    play_turn(&t, "甲", &good());
    // The next trainee starts at a cleared screen, scrollback included: 甲's
    // answers are not there to copy; 甲's score stays for the room.
    let screen = t.wait_for("乙's turn (2 of 2)");
    assert!(!screen.contains("最近生意忙吗"), "{screen}");
    assert!(!screen.contains("Your answer"), "{screen}");
    assert!(screen.contains("甲 scored 100: passed"), "{screen}");
    // The scenario's brief is shown again for 乙.
    assert!(screen.contains("电话邀约客户到网点面谈"), "{screen}");
    take_seat(&t, "乙");
    // 乙 forgets to call the customer by name at the second step.
    answer(
        &t,
        1,
        &["您好,李先生,我是交通银行客户服务经理小王。", "最近忙吗?"],
    );
    // After a failed step: past the model answer, on with the conversation.
    t.wait_for("What next?");
    choose(&t, 1);
    answer(&t, 3, &["李先生,您周三方便来网点面谈吗?"]);
    // The manager has nothing to change: Esc at the manager's menu records.
    let screen = no_changes(&t);
    // (100 + 50 + 100) / 3 = 83, but 李先生 is said only twice of the three times asked.
    assert!(screen.contains("1 of 2 passed"), "{screen}");
    assert_eq!(t.exit_code(), 1, "{screen}");
    let runs = sb.recorded();
    let who: Vec<(&str, u8)> = runs
        .iter()
        .map(|r| (r.run.trainee.as_str(), r.run.score))
        .collect();
    assert_eq!(who, [("甲", 100), ("乙", 83)]);
    assert_eq!(runs[0].run.meeting_id, runs[1].run.meeting_id);
    assert!(runs[0].run.meeting_id.is_some());
}

#[test]
fn esc_skips_one_trainee_and_the_others_are_recorded() {
    let sb = sandbox();
    let t = at_terminal(&sb, "esc", "甲,乙,丙", &[]);
    play_turn(&t, "甲", &good());
    // 乙 leaves at the first line; the manager chooses to skip 乙.
    leave_turn(&t, "乙");
    t.wait_for("Skip 乙 and go on");
    choose(&t, 1);
    t.wait_for("乙 skipped");
    play_turn(&t, "丙", &good());
    let screen = no_changes(&t);
    assert!(screen.contains("Everyone passed"), "{screen}");
    assert_eq!(t.exit_code(), 0, "{screen}");
    let runs = sb.recorded();
    let who: Vec<&str> = runs.iter().map(|r| r.run.trainee.as_str()).collect();
    assert_eq!(who, ["甲", "丙"]);
    assert_eq!(runs[0].run.meeting_id, runs[1].run.meeting_id);
}

#[test]
fn the_manager_can_retry_a_turn_and_end_the_meeting_early() {
    let sb = sandbox();
    let t = at_terminal(&sb, "retry", "甲,乙", &[]);
    leave_turn(&t, "甲");
    t.wait_for("Let 甲 start again");
    choose(&t, 0);
    play_turn(&t, "甲", &good());
    t.wait_for("乙, take the seat");
    t.keys(&["Escape"]);
    end_meeting(&t);
    no_changes(&t);
    assert_eq!(t.exit_code(), 0);
    let runs = sb.recorded();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].run.trainee, "甲");
}

#[test]
fn ending_before_anyone_played_records_nothing() {
    let sb = sandbox();
    let t = at_terminal(&sb, "nobody", "甲", &[]);
    t.wait_for("甲, take the seat");
    t.keys(&["Escape"]);
    end_meeting(&t);
    t.wait_for("nothing was recorded");
    assert_eq!(t.exit_code(), 130);
    assert_eq!(sb.recorded(), []);
}

#[test]
fn the_managers_override_and_pick_are_recorded_and_reported() {
    let sb = sandbox();
    let t = at_terminal(&sb, "review", "甲,乙", &["--seed", "4"]);
    play_turn(&t, "甲", &good());
    // 乙 opens without the bank's name (missing 报出银行), then as 甲 did.
    take_seat(&t, "乙");
    answer(&t, 1, &["您好,李先生,我是小王。"]);
    // The failed step's menu: the hint, then the model answer, then on.
    t.wait_for("What next?");
    choose(&t, 0);
    t.wait_for("Hint");
    choose(&t, 0);
    t.wait_for("Model answer");
    answer(&t, 2, &good());
    t.wait_for("乙 scored");
    // Change 乙's first opening to 90, with a comment.
    review(&t, 1, 0, 1);
    t.wait_for("New score");
    t.line("120");
    t.wait_for("enter a whole number from 0 to 100");
    for _ in 0..3 {
        t.keys(&["BSpace"]);
    }
    t.line("90");
    t.wait_for("Comment");
    t.line("语气亲切");
    t.wait_for("score on");
    // Pick the same answer as the step's best.
    review(&t, 2, 1, 1);
    t.wait_for("Best answer for");
    t.wait_for_nth("The manager's word", 3);
    choose(&t, 2);
    t.wait_for("Meeting id:");
    t.exit_code();

    let runs = sb.recorded();
    let opening = &runs[1].run.steps[0];
    assert_eq!(runs[1].run.trainee, "乙");
    assert_eq!(opening.counted.answer, "您好,李先生,我是小王。");
    assert_eq!(opening.review.score, Some(90));
    assert_eq!(opening.review.comment.as_deref(), Some("语气亲切"));
    assert!(opening.review.picked);
    assert!(
        runs[0].run.steps.iter().all(|s| s.review.is_empty()),
        "one pick per step, one change"
    );
    // Every report shows the manager's word.
    let id = runs[0].run.meeting_id.clone().expect("meeting id");
    let report = sb.run(&["report", "--meeting", &id]);
    report.expect(0);
    let md = report.stdout();
    assert!(md.contains("90 (set by the manager; was "), "{md}");
    assert!(md.contains("Manager: 语气亲切"), "{md}");
    assert!(md.contains("★ best answer (manager's pick)"), "{md}");
}

/// Round by round: waits for `name`'s screen in round `round`, takes the seat and
/// answers the line.
fn answer_round(t: &Tmux, round: usize, name: &str, text: &str) -> String {
    t.wait_for(&format!("Round {round}"));
    take_seat(t, name);
    let screen = t.wait_for("Your answer");
    t.line(text);
    screen
}

#[test]
fn round_by_round_every_trainee_answers_a_line_before_the_next() {
    let sb = sandbox();
    let t = at_terminal(&sb, "rounds", "甲,乙", &["--seed", "4", "--rounds"]);
    let good = good();
    // Round 1: the opening line to 甲, then to 乙 at a cleared screen.
    answer_round(&t, 1, "甲", good[0]);
    let screen = answer_round(&t, 1, "乙", "你好,我是交行的小王");
    assert!(screen.contains("乙's turn (2 of 2)"), "{screen}");
    assert!(screen.contains("李先生: 喂,哪位?"), "{screen}");
    assert!(
        !screen.contains(good[0]),
        "甲's answer is not there: {screen}"
    );
    // 乙 fails: the menu, then on (to the line again, as the scenario says).
    t.wait_for("What next?");
    choose(&t, 2);
    // Everyone's answer with its score and what it lacked, for the room.
    let screen = t.wait_for("Discussed: next round");
    assert!(
        screen.contains("Round 1 is over; time to discuss:"),
        "{screen}"
    );
    assert!(screen.contains("甲: 100 on this line"), "{screen}");
    assert!(
        screen.contains("乙: 0 on this line · missing 您好 · banned 你好"),
        "{screen}"
    );
    assert!(screen.contains(good[0]) && screen.contains("你好,我是交行的小王"));
    choose(&t, 0);
    // Round 2: each hears their own next line: 甲 the next step, 乙 the opening again.
    answer_round(&t, 2, "甲", good[1]);
    let screen = answer_round(&t, 2, "乙", good[0]);
    assert!(screen.contains("李先生: 喂,哪位?"), "{screen}");
    t.wait_for("Discussed: next round");
    choose(&t, 0);
    answer_round(&t, 3, "甲", good[2]);
    answer_round(&t, 3, "乙", good[1]);
    // 甲's conversation is over: round 4 is 乙's alone, then the scores.
    t.wait_for("Round 3 is over");
    choose(&t, 0);
    answer_round(&t, 4, "乙", good[2]);
    t.wait_for("Discussed: the scores");
    choose(&t, 0);
    let screen = no_changes(&t);
    assert!(screen.contains("1 of 2 passed"), "{screen}");
    assert_eq!(t.exit_code(), 1, "{screen}");
    // Recorded like any meeting: one run each, under one id.
    let runs = sb.recorded();
    let who: Vec<(&str, usize)> = runs
        .iter()
        .map(|r| (r.run.trainee.as_str(), r.run.steps.len()))
        .collect();
    assert_eq!(who, [("甲", 3), ("乙", 4)]);
    assert_eq!(runs[0].run.meeting_id, runs[1].run.meeting_id);
    assert!(runs[0].run.meeting_id.is_some());
    assert_eq!(runs[1].run.steps[0].counted.answer, "你好,我是交行的小王");
}

#[test]
fn round_by_round_esc_skips_a_trainee_or_ends_the_meeting() {
    let sb = sandbox();
    let t = at_terminal(&sb, "rounds-esc", "甲,乙,丙", &["--rounds"]);
    let good = good();
    answer_round(&t, 1, "甲", good[0]);
    // 乙 leaves at the first line; the manager skips 乙 for the rest of the meeting.
    t.wait_for("Round 1");
    leave_turn(&t, "乙");
    choose(&t, 1);
    answer_round(&t, 1, "丙", good[0]);
    let screen = t.wait_for("Discussed: next round");
    assert!(!screen.contains("乙:"), "{screen}");
    choose(&t, 0);
    answer_round(&t, 2, "甲", good[1]);
    let screen = answer_round(&t, 2, "丙", good[1]);
    assert!(screen.contains("丙's turn (3 of 3)"), "{screen}");
    t.wait_for("Round 2 is over");
    choose(&t, 0);
    answer_round(&t, 3, "甲", good[2]);
    // 丙 is interrupted at the last line and the manager ends the meeting: 甲's
    // finished conversation is recorded, 丙's unfinished one is not.
    t.wait_for("Round 3");
    leave_turn(&t, "丙");
    choose(&t, 2);
    no_changes(&t);
    assert_eq!(t.exit_code(), 0);
    let runs = sb.recorded();
    let who: Vec<&str> = runs.iter().map(|r| r.run.trainee.as_str()).collect();
    assert_eq!(who, ["甲"]);
}
