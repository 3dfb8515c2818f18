//! A person at a real terminal (tmux, see `common::tmux`): a whole session, the
//! ways to leave it, a kill in the middle, the home menu.

mod common;

use std::process::Command;

use common::tmux::Tmux;
use common::{PHONE, Sandbox};

#[test]
fn a_whole_session_with_hint_and_model_answer_is_recorded() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    let t = Tmux::start(&sb, "session", &["run", "s.yaml", "--seed", "4"], &[]);
    // Asked once for a name, in any script.
    t.wait_for("Your name");
    t.line("  王小明 ");
    let screen = t.wait_for("Your answer");
    assert!(
        screen.contains("Scenario: 电话邀约客户到网点面谈"),
        "{screen}"
    );
    assert!(screen.contains("李先生: 喂,哪位?"), "{screen}");
    // /hint at the prompt.
    t.line("/hint");
    t.wait_for("Hint: 先问好,再报银行");
    // A poor answer: feedback with the banned phrase marked and what is missing.
    t.line("你好,我是交行的小王");
    let screen = t.wait_for("This step was not passed");
    assert!(
        screen.contains("Answer: 【你好】,我是交行的小王"),
        "{screen}"
    );
    assert!(screen.contains("✗ missing 您好"), "{screen}");
    assert!(screen.contains("✗ banned 你好"), "{screen}");
    // The menu: try again, the model answer (the hint was seen), go on.
    let screen = t.wait_for("Go on with the conversation");
    assert!(screen.contains("> Try again"), "{screen}");
    assert!(!screen.contains("Show the hint"), "{screen}");
    t.keys(&["Down"]);
    t.keys(&["Enter"]);
    t.wait_for("Model answer: 您好,李先生,我是交通银行客户服务经理小王。");
    // Then only: try again, go on. Going on, on_fail: opening → the line once more.
    t.wait_for("Go on with the conversation");
    t.keys(&["Down"]);
    t.keys(&["Enter"]);
    t.wait_for("Step 2 · opening");
    t.line("您好,李先生,我是交通银行客户服务经理小王。");
    t.wait_for("Score 100");
    t.wait_for("Your answer");
    t.line("李先生,最近生意忙吗?");
    t.wait_for("哦,那有什么好处?");
    t.line("李先生,您周三方便来网点面谈吗?");
    let screen = t.wait_for("This run is over. What next?");
    assert!(screen.contains("NOT PASSED"), "{screen}");
    assert!(screen.contains("1. opening"), "{screen}");
    assert!(
        screen.contains("the score 75 is below the pass mark 80"),
        "{screen}"
    );
    assert!(screen.contains("Practise this scenario again"), "{screen}");
    t.line("Done");
    // (0 + 100 + 100 + 100) / 4 = 75, under the pass mark of 80.
    assert_eq!(t.exit_code(), 1, "{screen}");

    let runs = sb.recorded();
    assert_eq!(runs.len(), 1);
    let r = &runs[0].run;
    assert_eq!(r.trainee, "王小明");
    assert_eq!(r.seed, 4);
    assert_eq!(r.steps.len(), 4);
    assert_eq!(r.steps[0].counted.banned, ["你好"]);
    assert!(r.steps[0].counted.saw_hint && !r.steps[0].counted.saw_model);
    // The model answer, seen on the first visit, marks the answer on the second.
    assert!(r.steps[1].counted.saw_model);
    assert!(!r.steps[2].counted.saw_hint && !r.steps[2].counted.saw_model);
    // The name is remembered: the next run does not ask.
    let config = std::fs::read_to_string(sb.path().join("home/config/rehearse/config.yaml"))
        .expect("config");
    assert!(config.contains("王小明"), "{config}");
}

#[test]
fn esc_ends_the_session_without_recording() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    let t = Tmux::start(
        &sb,
        "esc",
        &["--lang", "zh", "run", "s.yaml", "--seed", "4"],
        &[("REHEARSE_TRAINEE", "张三")],
    );
    t.wait_for("您的回答");
    t.line("您好,李先生,我是交通银行客户服务经理小王。");
    t.wait_for("得分 100");
    t.wait_for("什么事?");
    t.keys(&["Escape"]);
    let screen = t.wait_for("练习已中止,本次未记录");
    assert!(!screen.contains("panicked"), "{screen}");
    assert_eq!(t.exit_code(), 130);
    assert!(sb.recorded().is_empty());
}

#[test]
fn ctrl_c_ends_the_session_without_recording() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    let t = Tmux::start(
        &sb,
        "ctrlc",
        &["run", "s.yaml"],
        &[("REHEARSE_TRAINEE", "张三")],
    );
    t.wait_for("Your answer");
    t.keys(&["C-c"]);
    t.wait_for("session ended; nothing was recorded");
    assert_eq!(t.exit_code(), 130);
    assert!(sb.recorded().is_empty());
}

#[test]
fn a_process_killed_mid_session_leaves_no_run_and_an_intact_database() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    sb.write("a.yaml", "- 您好,李先生,我是交通银行客户服务经理小王。\n- 李先生,最近生意忙吗?\n- 李先生,您周三方便来网点面谈吗?\n");
    // One finished run already in the database.
    sb.run(&["run", "s.yaml", "--answers", "a.yaml"]).expect(0);
    let t = Tmux::start(
        &sb,
        "kill",
        &["run", "s.yaml", "--seed", "4"],
        &[("REHEARSE_TRAINEE", "张三")],
    );
    t.wait_for("Your answer");
    t.line("您好,李先生,我是交通银行客户服务经理小王。");
    t.wait_for("Score 100");
    t.wait_for("什么事?");
    let pid = t.program_pid().expect("the program's pid");
    assert!(
        Command::new("kill")
            .args(["-KILL", &pid])
            .status()
            .expect("kill")
            .success()
    );
    assert_eq!(t.exit_code(), 137);
    let runs = sb.recorded();
    assert_eq!(runs.len(), 1, "only the earlier run");
    // The file is still a healthy database that takes new runs.
    sb.run(&["run", "s.yaml", "--answers", "a.yaml"]).expect(0);
    assert_eq!(sb.recorded().len(), 2);
}

#[test]
fn the_home_menu_offers_the_ways_in_and_quits_cleanly() {
    let sb = Sandbox::new();
    let t = Tmux::start(
        &sb,
        "home",
        &["--lang", "zh"],
        &[("REHEARSE_TRAINEE", "张三")],
    );
    let screen = t.wait_for("想练点什么?");
    for entry in ["按技能挑选场景", "查看我的进度", "退出"] {
        assert!(screen.contains(entry), "{entry} missing:\n{screen}");
    }
    // Pick by skill → phone → the first scenario starts.
    t.keys(&["-l", "按技能"]);
    t.keys(&["Enter"]);
    t.wait_for("选择技能");
    t.keys(&["-l", "电话"]);
    t.keys(&["Enter"]);
    t.wait_for("选择场景");
    t.keys(&["Enter"]);
    t.wait_for("您的回答");
    // Esc ends the session and goes back to the menu; Esc there leaves.
    t.keys(&["Escape"]);
    t.wait_for("练习已中止");
    t.wait_for("想练点什么?");
    t.keys(&["Escape"]);
    assert_eq!(t.exit_code(), 0);
}

#[test]
fn a_retried_step_is_recorded_attempt_by_attempt_and_counted_once() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    let t = Tmux::start(
        &sb,
        "retry",
        &["--lang", "zh", "run", "s.yaml", "--seed", "4"],
        &[("REHEARSE_TRAINEE", "张三")],
    );
    t.wait_for("您的回答");
    t.line("你好,我是交行的小王");
    let screen = t.wait_for("继续对话");
    assert!(screen.contains("第 1 步 · opening"), "{screen}");
    assert!(screen.contains("> 再试一次"), "{screen}");
    // 再试一次: the same line again, and a second poor answer.
    t.keys(&["Enter"]);
    t.wait_for("第 1 步 · opening (再试一次)");
    t.line("喂,您好");
    t.wait_for("继续对话");
    // Typing in the menu ranks what matches first and hides nothing.
    t.keys(&["-l", "参考"]);
    let screen = t.wait_for("> 看参考答案");
    assert!(
        screen.contains("再试一次") && screen.contains("继续对话"),
        "{screen}"
    );
    t.keys(&["Enter"]);
    t.wait_for("参考答案: 您好,李先生,我是交通银行客户服务经理小王。");
    t.keys(&["Enter"]);
    t.wait_for_nth("(再试一次)", 2);
    t.line("您好,李先生,我是交通银行客户服务经理小王。");
    t.wait_for("第 2 步");
    t.line("李先生,最近生意忙吗?");
    t.wait_for("第 3 步");
    t.line("李先生,您周三方便来网点面谈吗?");
    let screen = t.wait_for("这次练习结束了");
    assert!(screen.contains("试了 3 次、看过参考答案后作答"), "{screen}");
    assert!(screen.contains("得分 100 (及格线 80)  通过"), "{screen}");
    // Once more, the same scenario: a second run, then done.
    t.keys(&["Enter"]);
    t.wait_for_nth("第 1 步 · opening", 4);
    t.line("您好,李先生,我是交通银行客户服务经理小王。");
    t.wait_for_nth("第 2 步", 2);
    t.line("李先生,最近生意忙吗?");
    t.wait_for_nth("第 3 步", 2);
    t.line("李先生,您周三方便来网点面谈吗?");
    t.wait_for_nth("这次练习结束了", 2);
    t.line("结束");
    assert_eq!(t.exit_code(), 0);

    let runs = sb.recorded();
    assert_eq!(runs.len(), 2);
    let first = &runs[0].run;
    // Three steps answered, scored on the answers that moved the conversation on.
    assert_eq!(first.steps.len(), 3);
    assert_eq!(first.score, 100);
    assert!(first.passed);
    let opening = &first.steps[0];
    let tried: Vec<&str> = opening.retries.iter().map(|a| a.answer.as_str()).collect();
    assert_eq!(tried, ["你好,我是交行的小王", "喂,您好"]);
    assert_eq!(opening.retries[0].banned, ["你好"]);
    assert!(!opening.retries[0].saw_model && !opening.retries[1].saw_model);
    assert!(
        opening.counted.saw_model,
        "the counted answer came after the model answer"
    );
    assert!(
        runs[1]
            .run
            .steps
            .iter()
            .all(|s| s.retries.is_empty() && !s.counted.saw_model)
    );

    // History shows the tries and the help, in Chinese.
    let history = sb.run(&["--lang", "zh", "history", "--trainee", "张三"]);
    history.expect(0);
    let out = history.stdout();
    assert!(out.contains("试了 3 次、看过参考答案后作答"), "{out}");
    assert!(out.contains("再试前的回答: 你好,我是交行的小王"), "{out}");

    // So do the report files: a mark on the first run's score, with its legend, and
    // the step named in the CSV.
    for file in ["p.md", "p.csv"] {
        sb.run(&["--lang", "zh", "--trainee", "张三", "report", "--out", file])
            .expect(0);
    }
    let md = std::fs::read_to_string(sb.path().join("p.md")).expect("md");
    let scores: Vec<&str> = md
        .lines()
        .filter(|l| l.contains("电话邀约客户到网点面谈"))
        .filter_map(|l| l.split(" | ").nth(2))
        .collect();
    assert_eq!(scores, ["100 ※", "100"], "{md}");
    assert!(md.ends_with("\n※ 有回答是看过参考答案后作答的\n"), "{md}");
    let csv = std::fs::read_to_string(sb.path().join("p.csv")).expect("csv");
    let mut table = csv::Reader::from_reader(csv.as_bytes());
    let header = table.headers().expect("header").clone();
    assert_eq!(&header[5], "看过参考答案后作答的步骤", "{csv}");
    let rows: Vec<csv::StringRecord> = table.records().map(|r| r.expect("row")).collect();
    assert_eq!(
        &rows[0][5], "问好,称呼客户,报出银行…",
        "the opening, by its title"
    );
    assert_eq!(&rows[1][5], "", "{csv}");
}

/// A library folder: one local scenario the home menu recommends first (level 1,
/// never tried, the first skill and the first id), a dozen others, one broken file.
fn library_folder(sb: &Sandbox) {
    sb.write("scenarios/local/aa-local.yaml", LOCAL);
    for i in 0..12 {
        sb.write(
            &format!("scenarios/local/zz-{i:02}.yaml"),
            format!(
                "id: zz-{i:02}\ntitle: 其他{i}\nskill: phone\ndifficulty: 3\nsteps:\n  \
                 - id: hello\n    customer: 喂。\n    required: [您好]\n"
            ),
        );
    }
    sb.write("scenarios/local/broken.yaml", "id: aa-broken\ntitle: [\n");
}

const LOCAL: &str = "id: aa-local\ntitle: 本网点开场白\nskill: spin\ndifficulty: 1\nsteps:\n  \
                     - id: hello\n    customer: 我是本网点的客户。\n    required: [您好]\n";

#[test]
fn the_home_menu_plays_a_scenario_of_a_library_folder_with_a_broken_file() {
    let sb = Sandbox::new();
    library_folder(&sb);
    let t = Tmux::start(
        &sb,
        "library",
        &["--lang", "zh"],
        &[("REHEARSE_TRAINEE", "张三")],
    );
    let screen = t.wait_for("想练点什么?");
    assert!(
        screen.contains("继续练习推荐场景:本网点开场白("),
        "{screen}"
    );
    // The scenario picked is read in full from its file.
    t.keys(&["Enter"]);
    t.wait_for("我是本网点的客户。");
    t.line("您好");
    t.wait_for("返回主菜单");
    t.keys(&["-l", "返回主菜单"]);
    t.keys(&["Enter"]);
    t.wait_for_nth("想练点什么?", 2);
    t.keys(&["Escape"]);
    assert_eq!(t.exit_code(), 0);
    let recorded = sb.recorded();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].run.scenario_id, "aa-local");
}

#[test]
fn a_scenario_broken_after_the_menu_showed_it_is_reported_and_the_menu_comes_back() {
    let sb = Sandbox::new();
    library_folder(&sb);
    let t = Tmux::start(
        &sb,
        "edited",
        &["--lang", "zh"],
        &[("REHEARSE_TRAINEE", "张三")],
    );
    t.wait_for("继续练习推荐场景:本网点开场白(");
    sb.write("scenarios/local/aa-local.yaml", "id: aa-local\ntitle: [\n");
    t.keys(&["Enter"]);
    let screen = t.wait_for("scenarios/local/aa-local.yaml:2:");
    assert!(!screen.contains("我是本网点的客户。"), "{screen}");
    // Back at the menu, which no longer offers it.
    let screen = t.wait_for_nth("想练点什么?", 2);
    let menu = screen.rsplit("想练点什么?").next().unwrap_or_default();
    assert!(!menu.contains("本网点开场白"), "{screen}");
    t.keys(&["Escape"]);
    assert_eq!(t.exit_code(), 0);
    assert_eq!(sb.recorded(), []);
}
