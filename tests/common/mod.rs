//! Runs the real binary in a scratch folder with a private HOME, no colour, English
//! messages and a private progress database; on failure, shows what was run.

#![allow(dead_code)]

pub mod pg;
pub mod tmux;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

pub struct Run {
    pub args: Vec<String>,
    pub output: Output,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.output.status.code().unwrap_or(-1)
    }
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.output.stderr).into_owned()
    }
    /// Asserts the exit code, printing the command and its output when it differs.
    #[track_caller]
    pub fn expect(&self, code: i32) -> &Run {
        assert_eq!(self.code(), code, "{}", self.shown());
        self
    }
    /// The command and its output, for a failing assertion's message.
    fn shown(&self) -> String {
        format!(
            "\ncommand: rehearse {}\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.stdout(),
            self.stderr()
        )
    }
    /// Asserts `ok`, saying `what` failed and showing the command and its output.
    #[track_caller]
    fn holds(&self, ok: bool, what: std::fmt::Arguments) -> &Run {
        assert!(ok, "{what}{}", self.shown());
        self
    }
    #[track_caller]
    pub fn stdout_has(&self, text: &str) -> &Run {
        self.holds(
            self.stdout().contains(text),
            format_args!("stdout lacks `{text}`"),
        )
    }
    #[track_caller]
    pub fn stdout_is_empty(&self) -> &Run {
        self.holds(
            self.output.stdout.is_empty(),
            format_args!("stdout is not empty"),
        )
    }
    #[track_caller]
    pub fn stderr_has(&self, text: &str) -> &Run {
        self.holds(
            self.stderr().contains(text),
            format_args!("stderr lacks `{text}`"),
        )
    }
    #[track_caller]
    pub fn stderr_starts_with(&self, text: &str) -> &Run {
        self.holds(
            self.stderr().starts_with(text),
            format_args!("stderr does not start with `{text}`"),
        )
    }
    pub fn json(&self) -> serde_json::Value {
        match serde_json::from_slice(&self.output.stdout) {
            Ok(v) => v,
            Err(e) => panic!("stdout is not one JSON object ({e}):\n{}", self.stdout()),
        }
    }
}

impl Sandbox {
    /// An empty folder with the user's home folder in it (empty too), as every user
    /// has one: what the program keeps there (a cache) is not mistaken for a file
    /// left beside the user's.
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("home")).expect("home folder");
        Sandbox { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `content` to `name` (relative to the sandbox) and returns its path.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(&path, content).expect("write file");
        path
    }

    /// The whole environment the binary runs with, here and in [`tmux`]: a private
    /// HOME, data and config folders, a private database, no colour, English
    /// messages, and nothing of this process's environment but `PATH`.
    pub fn environment(&self) -> Vec<(&'static str, OsString)> {
        let dir = self.dir.path();
        vec![
            ("PATH", std::env::var_os("PATH").unwrap_or_default()),
            ("HOME", dir.join("home").into()),
            ("XDG_DATA_HOME", dir.join("home/data").into()),
            ("XDG_CONFIG_HOME", dir.join("home/config").into()),
            ("REHEARSE_DB", dir.join("progress.db").into()),
            ("REHEARSE_TRAINEE", "测试学员".into()),
            ("NO_COLOR", "1".into()),
            ("LANG", "C.UTF-8".into()),
        ]
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rehearse"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .envs(self.environment())
            .stdin(Stdio::null());
        cmd
    }

    /// The runs recorded in the sandbox's progress database (none when there is no
    /// database yet).
    pub fn recorded(&self) -> Vec<rehearse::record::StoredRun> {
        use rehearse::store::{RunFilter, Store};
        let path = self.dir.path().join("progress.db");
        if !path.exists() {
            return Vec::new();
        }
        let store = Store::open(&path).expect("the database opens");
        store
            .runs(&RunFilter::default())
            .expect("the runs can be read")
    }

    /// The binary started with its stdout and stderr piped to this process.
    pub fn spawn_piped(&self, args: &[&str]) -> std::process::Child {
        self.command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn rehearse")
    }

    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    pub fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = self.command(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let output = cmd.output().expect("run rehearse");
        Run {
            args: args.iter().map(|s| s.to_string()).collect(),
            output,
        }
    }
}

/// One `rehearse run` in a fresh sandbox, set up and run in one expression:
///
/// ```ignore
/// Test::new().scenario(PHONE).answers(GOOD).args(&["--json"]).run().expect(0);
/// ```
///
/// runs `rehearse run s.yaml --answers a.yaml --json --no-record` with `PHONE` in
/// `s.yaml` and `GOOD` in `a.yaml`.
pub struct Test {
    pub sandbox: Sandbox,
    global: Vec<String>,
    target: String,
    answers: Option<String>,
    args: Vec<String>,
}

impl Test {
    pub fn new() -> Test {
        Test {
            sandbox: Sandbox::new(),
            global: Vec::new(),
            target: "s.yaml".to_owned(),
            answers: None,
            args: Vec::new(),
        }
    }

    /// Writes the scenario to run, `s.yaml`.
    pub fn scenario(self, yaml: impl AsRef<[u8]>) -> Test {
        self.file("s.yaml", yaml)
    }

    /// Writes any other file the test needs.
    pub fn file(self, name: &str, content: impl AsRef<[u8]>) -> Test {
        self.sandbox.write(name, content);
        self
    }

    /// Runs this file or scenario id instead of `s.yaml`.
    pub fn target(mut self, target: &str) -> Test {
        self.target = target.to_owned();
        self
    }

    /// Writes the answers file `a.yaml` and runs with `--answers a.yaml`.
    pub fn answers(self, yaml: impl AsRef<[u8]>) -> Test {
        self.file("a.yaml", yaml).answers_file("a.yaml")
    }

    /// Runs with `--answers name` (a file written with [`Test::file`], or none).
    pub fn answers_file(mut self, name: &str) -> Test {
        self.answers = Some(name.to_owned());
        self
    }

    /// Options before the command (`--lang zh`).
    pub fn global(mut self, args: &[&str]) -> Test {
        self.global = args.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Options after the scenario (`--seed 7 --json`).
    pub fn args(mut self, args: &[&str]) -> Test {
        self.args = args.iter().map(|s| s.to_string()).collect();
        self
    }

    /// Runs with the options given to [`Test::args`].
    pub fn run(&self) -> Run {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        self.run_with(&args)
    }

    /// Runs with these options instead of those given to [`Test::args`], so that one
    /// setup runs several ways.
    pub fn run_with(&self, args: &[&str]) -> Run {
        let mut command: Vec<&str> = self.global.iter().map(String::as_str).collect();
        command.extend(["run", &self.target]);
        if let Some(answers) = &self.answers {
            command.extend(["--answers", answers]);
        }
        command.extend(args);
        command.push("--no-record");
        self.sandbox.run(&command)
    }
}

/// What [`measure`] saw of one run of the binary.
pub struct Measured {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: std::time::Duration,
    /// `wait4`'s peak RSS: an upper bound (see [`measure`]).
    pub max_rss_kb: i64,
    /// The binary's own peak RSS (`VmHWM`), sampled every millisecond while it ran:
    /// unaffected by this process's memory, but it may miss a rise in the last
    /// millisecond.
    pub own_peak_kb: i64,
}

/// Samples `VmHWM` of `pid` once it runs the binary (before its exec, the child
/// shares this process's memory), until `stop` is set; returns the largest.
fn sample_peak(pid: u32, stop: &std::sync::atomic::AtomicBool) -> i64 {
    use std::sync::atomic::Ordering;
    let mut peak = 0;
    let path = format!("/proc/{pid}/status");
    while !stop.load(Ordering::Relaxed) {
        if let Ok(status) = std::fs::read_to_string(&path) {
            let name = status.lines().find_map(|l| l.strip_prefix("Name:"));
            let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:"));
            if let (Some("rehearse"), Some(hwm)) = (name.map(str::trim), hwm) {
                let kb = hwm
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .unwrap_or(0);
                peak = peak.max(kb);
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    peak
}

/// Runs the binary and measures its peak resident memory. The child is spawned
/// sharing this test process's memory until it execs, and Linux carries that high
/// water mark over exec, so the figure is an upper bound: tests here keep their own
/// memory small (big files are written in chunks) so that it stays meaningful;
/// `own_peak_kb` is the binary's alone.
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which also reports its memory
pub fn measure(sb: &Sandbox, args: &[&str]) -> Measured {
    use std::io::Read;
    let started = std::time::Instant::now();
    let mut child = sb.spawn_piped(args);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = {
        let (pid, stop) = (child.id(), std::sync::Arc::clone(&stop));
        std::thread::spawn(move || sample_peak(pid, &stop))
    };
    // Both at once: a child blocked on a full stderr pipe would never close stdout.
    let err = child.stderr.take().map(|mut err| {
        std::thread::spawn(move || {
            let mut stderr = Vec::new();
            err.read_to_end(&mut stderr).map(|_| stderr)
        })
    });
    let mut stdout = Vec::new();
    if let Some(mut out) = child.stdout.take() {
        out.read_to_end(&mut stdout).expect("read stdout");
    }
    let stderr = err
        .map(|t| t.join().expect("stderr reader").expect("read stderr"))
        .unwrap_or_default();
    let stdout = String::from_utf8_lossy(&stdout).into_owned();
    let stderr = String::from_utf8_lossy(&stderr).into_owned();
    // Its output is closed: it is exiting, and its memory no longer grows.
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let own_peak_kb = sampler.join().expect("sampler");
    let mut status = 0;
    // SAFETY: `rusage` is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    Measured {
        code,
        stdout,
        stderr,
        elapsed: started.elapsed(),
        max_rss_kb: usage.ru_maxrss,
        own_peak_kb,
    }
}

/// An answers file that passes [`PHONE`] on its model path.
pub const GOOD: &str = "- 您好,李先生,我是交通银行客户服务经理小王。\n- 李先生,最近生意忙吗?\n- 李先生,您周三方便来网点面谈吗?\n";

/// An answers file that stumbles through [`PHONE`]: 你好, then a retry, then 保证.
pub const POOR: &str = "- 你好,我是交行的小王\n- 您好,我是交行的小王\n- 李先生,有什么事吗\n- 李先生,保证您满意,来网点吧\n";

/// A small valid scenario exercising every feature of the format.
pub const PHONE: &str = r#"id: phone-outbound-invite
title: 电话邀约客户到网点面谈
skill: phone
difficulty: 2
pass_score: 80
persona:
  name: 李先生
  description: 个体户,常给生意伙伴汇款
  patience: 2
banned:
  - 喂
  - phrase: 保证
    except: [不保证, 不能保证, 无法保证]
    why: 不得用“保证”一词误导客户对风险的认识
conversation:
  - mentions: [李先生]
    at_least: 3
    why: 通话中至少称呼客户三次
steps:
  - id: opening
    customer: 喂,哪位?
    required:
      - 您好
      - any: [交通银行, 交行]
        label: 报出银行
        why: 开场先让客户知道是哪家银行
    banned: [你好]
    max_chars: 60
    hint: 先问好,再报银行
    model_answer: 您好,李先生,我是交通银行客户服务经理小王。
    on_pass: need
    on_fail: opening
    examples:
      pass: ["您好,李先生,我是交通银行客户服务经理小王。"]
      fail: ["喂,你好。", "你好,我是交通银行的小王"]
  - id: need
    customer: [什么事?, 有事您说。]
    required: [李先生]
    question: true
    model_answer: 李先生,最近生意忙吗?
    on_pass: invite
    examples:
      pass: ["李先生,最近生意忙吗?"]
      fail: ["李先生,我们有新产品。", "最近忙吗?"]
  - id: invite
    customer: 哦,那有什么好处?
    required:
      - any: [网点, 面谈]
        label: 邀请面谈
    model_answer: 李先生,您周三方便来网点面谈吗?
    on_pass: end
    examples:
      pass: ["李先生,您周三方便来网点面谈吗?"]
      fail: ["保证您赚钱,来网点吧", "您有空再说"]
"#;
