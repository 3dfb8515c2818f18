//! A person at a real terminal: the binary runs inside tmux, keys are typed with
//! `send-keys` and the screen is read with `capture-pane`. Each test has its own
//! tmux server, so they run side by side.

mod common;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{PHONE, Sandbox};
use rehearse::store::{RunFilter, Store};

struct Tmux {
    socket: String,
    exit_file: PathBuf,
}

impl Tmux {
    /// Starts `rehearse args` in a 110×40 terminal with the sandbox's environment.
    fn start(sb: &Sandbox, name: &str, args: &[&str], env: &[(&str, &str)]) -> Tmux {
        let socket = format!("rehearse-test-{}-{name}", std::process::id());
        let exit_file = sb.path().join(format!("{name}.exit"));
        let mut vars = vec![
            (
                "HOME".to_owned(),
                sb.path().join("home").display().to_string(),
            ),
            (
                "XDG_DATA_HOME".to_owned(),
                sb.path().join("home/data").display().to_string(),
            ),
            (
                "XDG_CONFIG_HOME".to_owned(),
                sb.path().join("home/config").display().to_string(),
            ),
            (
                "REHEARSE_DB".to_owned(),
                sb.path().join("progress.db").display().to_string(),
            ),
            ("NO_COLOR".to_owned(), "1".to_owned()),
            ("LANG".to_owned(), "C.UTF-8".to_owned()),
        ];
        for (k, v) in env {
            vars.retain(|(key, _)| key != k);
            vars.push(((*k).to_owned(), (*v).to_owned()));
        }
        let exports: String = vars.iter().map(|(k, v)| format!("{k}='{v}' ")).collect();
        let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
        let script = format!(
            "cd '{}' && env -u REHEARSE_TRAINEE {exports} '{}' {}; echo $? > '{}'; sleep 30",
            sb.path().display(),
            env!("CARGO_BIN_EXE_rehearse"),
            quoted.join(" "),
            exit_file.display()
        );
        let status = Command::new("tmux")
            .args([
                "-L",
                &socket,
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "110",
                "-y",
                "40",
                "sh",
                "-c",
                &script,
            ])
            .status()
            .expect("tmux must be installed (scripts/test.sh installs it)");
        assert!(status.success(), "tmux did not start");
        Tmux { socket, exit_file }
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-S", "-200"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until `text` is on screen; fails with the screen after 15 s.
    #[track_caller]
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("`{text}` never appeared; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["-L", &self.socket, "send-keys"];
        args.extend_from_slice(keys);
        assert!(
            Command::new("tmux")
                .args(&args)
                .status()
                .expect("send-keys")
                .success()
        );
    }

    /// Types a line of text and presses Enter.
    fn line(&self, text: &str) {
        self.keys(&["-l", text]);
        self.keys(&["Enter"]);
    }

    /// The exit code, once the program has ended.
    #[track_caller]
    fn exit_code(&self) -> i32 {
        let start = Instant::now();
        loop {
            if let Ok(s) = std::fs::read_to_string(&self.exit_file)
                && let Ok(code) = s.trim().parse()
            {
                return code;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("the program did not end; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The pid of the program in the pane (the shell's child).
    fn program_pid(&self) -> Option<String> {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "display", "-p", "#{pane_pid}"])
            .output()
            .ok()?;
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        let out = Command::new("pgrep").args(["-P", &shell]).output().ok()?;
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .map(str::to_owned)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}

fn recorded(sb: &Sandbox) -> Vec<rehearse::store::StoredRun> {
    let store = Store::open(&sb.path().join("progress.db")).expect("the database opens");
    store.runs(&RunFilter::default()).expect("runs")
}

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

    let runs = recorded(&sb);
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
    assert!(recorded(&sb).is_empty());
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
    assert!(recorded(&sb).is_empty());
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
    let runs = recorded(&sb);
    assert_eq!(runs.len(), 1, "only the earlier run");
    // The file is still a healthy database that takes new runs.
    sb.run(&["run", "s.yaml", "--answers", "a.yaml"]).expect(0);
    assert_eq!(recorded(&sb).len(), 2);
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
