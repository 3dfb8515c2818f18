//! Recording runs in the progress database through the real binary: what lands,
//! what does not, and a database that cannot be used is reported and left alone.

mod common;

use common::{GOOD, PHONE, Sandbox};

#[test]
fn a_run_with_answers_is_recorded_whole() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    sb.write("a.yaml", GOOD);
    sb.run(&["run", "s.yaml", "--answers", "a.yaml", "--seed", "9"])
        .expect(0);
    let runs = sb.recorded();
    assert_eq!(runs.len(), 1);
    let r = &runs[0].run;
    assert_eq!(r.trainee, "测试学员");
    assert_eq!(r.scenario_id, "phone-outbound-invite");
    assert_eq!(r.seed, 9);
    assert_eq!((r.score, r.passed, r.walked_out), (100, true, false));
    assert_eq!(r.scenario_hash.len(), 64, "a SHA-256 of the file");
    assert!(r.started_at <= r.finished_at);
    let ids: Vec<&str> = r.steps.iter().map(|s| s.step_id.as_str()).collect();
    assert_eq!(ids, ["opening", "need", "invite"]);
    assert_eq!(r.steps[1].counted.answer, "李先生,最近生意忙吗?");
}

#[test]
fn no_record_records_nothing_and_failed_input_records_nothing() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    sb.write("a.yaml", GOOD);
    sb.write(
        "short.yaml",
        "- 您好,李先生,我是交通银行客户服务经理小王。\n",
    );
    sb.run(&["run", "s.yaml", "--answers", "a.yaml", "--no-record"])
        .expect(0);
    sb.run(&["run", "s.yaml", "--answers", "short.yaml"])
        .expect(2);
    assert!(sb.recorded().is_empty());
}

#[test]
fn the_trainee_comes_from_the_flag_then_the_environment() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    sb.write("a.yaml", GOOD);
    sb.run(&[
        "--trainee",
        "  李四 ",
        "run",
        "s.yaml",
        "--answers",
        "a.yaml",
    ])
    .expect(0);
    sb.run(&["run", "s.yaml", "--answers", "a.yaml"]).expect(0);
    let names: Vec<String> = sb.recorded().into_iter().map(|r| r.run.trainee).collect();
    assert_eq!(names, ["李四", "测试学员"]);
    let run = sb.run(&["--trainee", "   ", "run", "s.yaml", "--answers", "a.yaml"]);
    run.expect(2);
    assert!(
        run.stderr().contains("must not be empty"),
        "{}",
        run.stderr()
    );
}

#[test]
fn two_processes_finishing_at_once_both_land() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    sb.write("a.yaml", GOOD);
    // Create the database first, then race pairs of runs against each other.
    sb.run(&["run", "s.yaml", "--answers", "a.yaml"]).expect(0);
    for _ in 0..10 {
        let children: Vec<_> = (0..2)
            .map(|_| {
                sb.command(&["run", "s.yaml", "--answers", "a.yaml", "--json"])
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for mut c in children {
            assert!(c.wait().expect("wait").success());
        }
    }
    assert_eq!(sb.recorded().len(), 21);
}

#[test]
fn a_database_of_random_bytes_is_reported_and_left_untouched() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    sb.write("a.yaml", GOOD);
    let noise: Vec<u8> = (0..64 * 1024u32)
        .map(|i| (i.wrapping_mul(2_246_822_519) >> 11) as u8)
        .collect();
    let db = sb.write("progress.db", &noise);
    let run = sb.run(&["run", "s.yaml", "--answers", "a.yaml"]);
    run.expect(2);
    assert!(
        run.stdout().is_empty(),
        "no report when the run cannot be recorded"
    );
    assert!(run.stderr().contains("progress.db"), "{}", run.stderr());
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    assert_eq!(std::fs::read(&db).expect("read db"), noise);
    // In Chinese, the whole message is Chinese; the file is named as it is.
    sb.run(&["--lang", "zh", "run", "s.yaml", "--answers", "a.yaml"])
        .expect(2)
        .stderr_has(&format!(
            "{}: 学习记录数据库: 不是 rehearse 学习记录数据库(文件不是数据库);未做任何改动",
            db.display()
        ));
    assert_eq!(std::fs::read(&db).expect("read db"), noise);
    // Still usable without recording.
    sb.run(&["run", "s.yaml", "--answers", "a.yaml", "--no-record"])
        .expect(0);
}

#[test]
fn a_database_path_that_cannot_be_a_file_is_reported() {
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    sb.write("a.yaml", GOOD);
    sb.write("blocker", "a file where a folder should be");
    let run = sb.run_with(
        &["run", "s.yaml", "--answers", "a.yaml"],
        &[("REHEARSE_DB", "blocker/progress.db")],
    );
    run.expect(2);
    assert!(run.stderr().contains("blocker"), "{}", run.stderr());
    let run = sb.run(&["--db", "blocker", "run", "s.yaml", "--answers", "a.yaml"]);
    run.expect(2);
}

#[test]
fn without_a_command_off_a_terminal_usage_is_printed_and_exit_is_2() {
    let sb = Sandbox::new();
    let run = sb.run(&[]);
    run.expect(2);
    assert!(run.stderr().contains("Usage: rehearse"), "{}", run.stderr());
    assert!(
        run.stderr().contains("not on a terminal"),
        "{}",
        run.stderr()
    );
}

#[test]
fn a_read_only_database_can_be_read_and_nothing_is_left_beside_it() {
    use std::os::unix::fs::PermissionsExt;
    let sb = Sandbox::new();
    sb.write("s.yaml", PHONE);
    sb.write("a.yaml", GOOD);
    sb.run(&["run", "s.yaml", "--answers", "a.yaml"]).expect(0);
    let db = sb.path().join("progress.db");
    let dir_before = |sb: &Sandbox| -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(sb.path())
            .expect("dir")
            .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .filter(|n| n.starts_with("progress.db"))
            .collect();
        names.sort();
        names
    };
    assert_eq!(dir_before(&sb), ["progress.db"]);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let before = std::fs::read(&db).expect("db");
    for (args, shows) in [
        (&["history"][..], "定期到期前电话邀约客户到网点面谈"),
        (&["history", "--json"], "phone-outbound-invite"),
        (&["progress"], "1 run(s)"),
        (&["list"], "phone-outbound-invite"),
    ] {
        let run = sb.run(args);
        run.expect(0);
        assert!(run.stdout().contains(shows), "{args:?}: {}", run.stdout());
    }
    assert_eq!(
        dir_before(&sb),
        ["progress.db"],
        "no -wal or -shm beside it"
    );
    assert_eq!(
        std::fs::read(&db).expect("db"),
        before,
        "not a byte written"
    );
    // Another user, who may read the file and its folder but write neither: the
    // case of a trainer reading a trainee's database. Only root can switch users.
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } == 0 && std::path::Path::new("/usr/sbin/runuser").exists() {
        std::fs::set_permissions(sb.path(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
        // A copy the other user can run: the build folder may be closed to them.
        let bin = sb.path().join("rehearse-bin");
        std::fs::copy(env!("CARGO_BIN_EXE_rehearse"), &bin).expect("copy binary");
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let out = std::process::Command::new("/usr/sbin/runuser")
            .args(["-u", "nobody", "--"])
            .arg(&bin)
            .arg("history")
            .current_dir(sb.path())
            .env_clear()
            .envs(sb.environment())
            .env("HOME", "/nonexistent")
            .output()
            .expect("runuser");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            stdout.contains("定期到期前电话邀约客户到网点面谈"),
            "{stdout}"
        );
        assert_eq!(dir_before(&sb), ["progress.db"]);
    }
}
