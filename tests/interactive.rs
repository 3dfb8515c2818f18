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
    t.wait_for("Hint 先问好,再报银行");
    // A poor answer: feedback with the banned phrase marked and what is missing.
    t.line("你好,我是交行的小王");
    let screen = t.wait_for("This step was not passed");
    assert!(
        screen.contains("Answer: 【你好】,我是交行的小王"),
        "{screen}"
    );
    assert!(screen.contains("✗ missing 您好"), "{screen}");
    assert!(screen.contains("✗ banned 你好"), "{screen}");
    // The menu: the hint, then the model answer, then on.
    t.keys(&["Enter"]);
    t.wait_for("Hint 先问好,再报银行");
    t.keys(&["Enter"]);
    t.wait_for("Model answer 您好,李先生,我是交通银行客户服务经理小王。");
    // on_fail: opening → the same line again.
    t.wait_for("Your answer");
    t.line("您好,李先生,我是交通银行客户服务经理小王。");
    t.wait_for("Score 100");
    t.wait_for("Your answer");
    t.line("李先生,最近生意忙吗?");
    t.wait_for("哦,那有什么好处?");
    t.line("李先生,您周三方便来网点面谈吗?");
    let screen = t.wait_for("NOT PASSED");
    assert!(screen.contains("Summary"), "{screen}");
    assert!(screen.contains("1. opening"), "{screen}");
    // (0 + 100 + 100 + 100) / 4 = 75, under the pass mark of 80.
    assert_eq!(t.exit_code(), 1, "{screen}");

    let runs = sb.recorded();
    assert_eq!(runs.len(), 1);
    let r = &runs[0].run;
    assert_eq!(r.trainee, "王小明");
    assert_eq!(r.seed, 4);
    assert_eq!(r.steps.len(), 4);
    assert_eq!(r.steps[0].banned, ["你好"]);
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
    t.keys(&["-l", "phone"]);
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
