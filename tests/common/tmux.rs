//! The binary in a real terminal: tmux runs it, `send-keys` types, `capture-pane`
//! reads the screen. Each test names its own tmux server, so tests run side by side.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use super::Sandbox;

pub struct Tmux {
    socket: String,
    exit_file: PathBuf,
}

impl Tmux {
    /// Starts `rehearse args` in a 110×40 terminal with the sandbox's environment
    /// (and nothing else), overridden by `env`. The trainee's name is not set unless
    /// `env` sets it: at a terminal the program asks for it.
    pub fn start(sb: &Sandbox, name: &str, args: &[&str], env: &[(&str, &str)]) -> Tmux {
        Tmux::start_program(sb, name, env!("CARGO_BIN_EXE_rehearse"), args, env)
    }

    /// [`Tmux::start`] for another program (a shell, to try completions in).
    pub fn start_program(
        sb: &Sandbox,
        name: &str,
        program: &str,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Tmux {
        let socket = format!("rehearse-test-{}-{name}", std::process::id());
        let exit_file = sb.path().join(format!("{name}.exit"));
        let mut vars: Vec<(String, String)> = sb
            .environment()
            .into_iter()
            .filter(|(k, _)| *k != "REHEARSE_TRAINEE")
            .map(|(k, v)| (k.to_owned(), v.to_string_lossy().into_owned()))
            .collect();
        for (k, v) in env {
            vars.retain(|(key, _)| key != k);
            vars.push(((*k).to_owned(), (*v).to_owned()));
        }
        // The terminal type is tmux's own, set in the pane.
        let exports: String = vars
            .iter()
            .map(|(k, v)| format!("{k}={} ", quote(v)))
            .collect();
        let quoted: Vec<String> = args.iter().map(|a| quote(a)).collect();
        let script = format!(
            "cd {} && env -i TERM=\"$TERM\" {exports} {} {}; echo $? > {}; sleep 30",
            quote(&sb.path().display().to_string()),
            quote(program),
            quoted.join(" "),
            quote(&exit_file.display().to_string())
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

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["-L", &self.socket, "capture-pane", "-p", "-S", "-300"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until `text` is on screen; fails with the screen after 15 s.
    #[track_caller]
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_for_nth(text, 1)
    }

    /// Waits until `text` is on screen `times` times; fails with the screen after 15 s.
    #[track_caller]
    pub fn wait_for_nth(&self, text: &str, times: usize) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.matches(text).count() >= times {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("`{text}` ×{times} never appeared; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn keys(&self, keys: &[&str]) {
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
    pub fn line(&self, text: &str) {
        self.keys(&["-l", text]);
        self.keys(&["Enter"]);
    }

    /// The exit code, once the program has ended.
    #[track_caller]
    pub fn exit_code(&self) -> i32 {
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
    pub fn program_pid(&self) -> Option<String> {
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

/// `text` as one word for `sh`.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "'\\''"))
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .status();
    }
}
