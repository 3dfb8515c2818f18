//! `rehearse harvest`: a meeting's chosen fully passing answers become the step's
//! best answers (优秀话术), added to the file as text (comments and layout kept),
//! once; meetings harvested one after another into one file; refused when the file
//! was edited otherwise, or the meeting or the scenario do not match; the trainee
//! sees them.

mod common;

use common::{GOOD, POOR, Run, Sandbox};

/// The scenario of `tests/common` as an author might keep it: comments, block lists,
/// a step without examples.
const COMMENTED: &str = r#"# 电话邀约 — 分行经典话术
id: phone-outbound-invite
title: 电话邀约客户到网点面谈
skill: phone
banned:
  - 喂
  - phrase: 保证
    except: [不保证, 不能保证, 无法保证]
conversation:
  - mentions: [李先生]
    at_least: 3
steps:
  # 开场:问好、报行名
  - id: opening
    customer: 喂,哪位?
    required:
      - 您好
      - any: [交通银行, 交行]
        label: 报出银行
    banned: [你好]
    on_pass: need
    on_fail: opening
    examples:
      pass:
        - "您好,李先生,我是交通银行客户服务经理小王。"   # 标准说法
      # 常见错误
      fail:
        - 喂,你好。

  - id: need
    customer: [什么事?, 有事您说。]
    required: [李先生]
    question: true
    on_pass: invite
    examples:
      pass:
        - 李先生,最近生意忙吗?
  - id: invite
    customer: 哦,那有什么好处?
    required:
      - any: [网点, 面谈]
        label: 邀请面谈
    on_pass: end
    # 结束
"#;

/// A sandbox where 张三 and 李四 held a meeting on `s.yaml`; returns its id.
fn after_meeting() -> (Sandbox, String) {
    let sb = Sandbox::new();
    sb.write("s.yaml", COMMENTED);
    sb.write("good.yaml", GOOD);
    sb.write("poor.yaml", POOR);
    let run = sb.run(&[
        "meeting",
        "s.yaml",
        "--trainees",
        "张三,李四",
        "--answers",
        "张三=good.yaml",
        "--answers",
        "李四=poor.yaml",
        "--seed",
        "42",
        "--json",
    ]);
    run.expect(1);
    let id = run.json()["id"].as_str().expect("id").to_owned();
    (sb, id)
}

fn harvest(sb: &Sandbox, id: &str, extra: &[&str]) -> Run {
    let mut args = vec!["harvest", "s.yaml", "--meeting", id];
    args.extend_from_slice(extra);
    sb.run(&args)
}

fn file(sb: &Sandbox) -> String {
    std::fs::read_to_string(sb.path().join("s.yaml")).expect("s.yaml")
}

#[test]
fn harvest_adds_only_new_passing_answers_and_keeps_the_rest_of_the_file() {
    let (sb, id) = after_meeting();
    let run = harvest(&sb, &id, &[]);
    run.expect(0);
    assert!(
        run.stdout()
            .contains("added to s.yaml 5 best answers: opening, need, invite"),
        "{}",
        run.stdout()
    );
    let after = file(&sb);
    // Nothing but added lines: every line of the old file is still there, in order.
    let diff = similar::TextDiff::from_lines(COMMENTED, after.as_str());
    let mut added = Vec::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Equal => {}
            similar::ChangeTag::Insert => added.push(change.value().to_owned()),
            similar::ChangeTag::Delete => panic!("a line was removed: {change}\n{after}"),
        }
    }
    assert_eq!(
        added.concat(),
        concat!(
            "    best_answers:\n",
            "      - \"您好,李先生,我是交通银行客户服务经理小王。\"\n",
            "      - \"您好,我是交行的小王\"\n",
            "    best_answers:\n",
            "      - \"李先生,最近生意忙吗?\"\n",
            "      - \"李先生,有什么事吗\"\n",
            "    best_answers:\n",
            "      - \"李先生,您周三方便来网点面谈吗?\"\n",
        )
    );
    assert!(
        after.contains("# 标准说法") && after.contains("# 常见错误") && after.contains("# 结束")
    );
    sb.run(&["check", "s.yaml"]).expect(0);
}

#[test]
fn harvesting_twice_adds_nothing_the_second_time() {
    let (sb, id) = after_meeting();
    harvest(&sb, &id, &[]).expect(0);
    let once = file(&sb);
    // The file changed by harvesting only, so the meeting still matches it.
    let again = harvest(&sb, &id, &[]);
    again.expect(0);
    assert!(again.stdout().contains("has no new fully passing answers"));
    assert_eq!(file(&sb), once);

    // A second meeting on the edited file repeats answers already harvested.
    let run = sb.run(&[
        "meeting",
        "s.yaml",
        "--trainees",
        "王五",
        "--answers",
        "王五=good.yaml",
        "--json",
    ]);
    run.expect(0);
    let second = run.json()["id"].as_str().expect("id").to_owned();
    let run = harvest(&sb, &second, &[]);
    run.expect(0);
    assert!(
        run.stdout().contains("has no new fully passing answers"),
        "{}",
        run.stdout()
    );
    assert_eq!(file(&sb), once);
}

#[test]
fn a_dry_run_prints_a_diff_and_writes_nothing() {
    let (sb, id) = after_meeting();
    let run = harvest(&sb, &id, &["--dry-run"]);
    run.expect(0);
    assert_eq!(file(&sb), COMMENTED);
    let out = run.stdout();
    assert!(out.starts_with("--- s.yaml\n+++ s.yaml\n@@ "), "{out}");
    assert!(
        out.contains("\n+      - \"您好,我是交行的小王\"\n"),
        "{out}"
    );
    assert!(out.contains("\n+    best_answers:\n"), "{out}");
    assert!(run.stderr().contains("dry run: nothing was written"));
}

/// `harvest` with `args` exits 2 with `message`, leaving the file as it was.
#[track_caller]
fn refused(sb: &Sandbox, id: &str, message: &str) {
    let before = file(sb);
    let run = harvest(sb, id, &[]);
    run.expect(2);
    assert!(
        run.stderr().contains(message),
        "`{message}` not in:\n{}",
        run.stderr()
    );
    assert_eq!(file(sb), before);
}

#[test]
fn an_edited_file_an_unknown_meeting_or_another_scenario_are_refused() {
    let (sb, id) = after_meeting();
    refused(&sb, "2000-01-01-1", "no meeting with id 2000-01-01-1");

    sb.write("s.yaml", COMMENTED.replace("# 结束", "# 结束了"));
    refused(&sb, &id, "s.yaml: the file was edited since meeting");

    sb.write(
        "s.yaml",
        COMMENTED.replace("id: phone-outbound-invite", "id: another"),
    );
    refused(
        &sb,
        &id,
        "practised scenario phone-outbound-invite, but this file is scenario another",
    );
}

/// The folder's entries other than `keep`: a temporary file left behind shows here.
fn leftovers(dir: &std::path::Path, keep: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

#[test]
fn harvest_through_a_symlink_edits_the_target_and_keeps_the_link() {
    use std::os::unix::fs::PermissionsExt;
    let (sb, id) = after_meeting();
    let real = sb.path().join("real");
    std::fs::create_dir(&real).expect("mkdir");
    std::fs::rename(sb.path().join("s.yaml"), real.join("scenario.yaml")).expect("move");
    std::os::unix::fs::symlink("real/scenario.yaml", sb.path().join("s.yaml")).expect("link");
    let mode = std::fs::Permissions::from_mode(0o640);
    std::fs::set_permissions(real.join("scenario.yaml"), mode).expect("chmod");

    harvest(&sb, &id, &[]).expect(0);
    let link = sb.path().join("s.yaml");
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("lstat")
            .is_symlink(),
        "the link was replaced"
    );
    assert_eq!(
        std::fs::read_link(&link).expect("readlink"),
        std::path::Path::new("real/scenario.yaml")
    );
    let edited = std::fs::read_to_string(real.join("scenario.yaml")).expect("read");
    assert_ne!(edited, COMMENTED);
    assert!(edited.contains("- \"您好,我是交行的小王\""), "{edited}");
    let meta = std::fs::metadata(real.join("scenario.yaml")).expect("stat");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o640);
    assert_eq!(leftovers(&real, &["scenario.yaml"]), Vec::<String>::new());
    sb.run(&["check", "real/scenario.yaml"]).expect(0);
}

#[test]
fn harvest_keeps_a_hard_link_pointing_at_the_edited_file() {
    use std::os::unix::fs::MetadataExt;
    let (sb, id) = after_meeting();
    let other = sb.path().join("copy.yaml");
    std::fs::hard_link(sb.path().join("s.yaml"), &other).expect("hard link");
    let inode = std::fs::metadata(&other).expect("stat").ino();

    harvest(&sb, &id, &[]).expect(0);
    let edited = file(&sb);
    assert!(edited.contains("- \"您好,我是交行的小王\""), "{edited}");
    assert_eq!(std::fs::read_to_string(&other).expect("read"), edited);
    let meta = std::fs::metadata(sb.path().join("s.yaml")).expect("stat");
    assert_eq!((meta.ino(), meta.nlink()), (inode, 2));
    let temps: Vec<String> = leftovers(sb.path(), &[])
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(temps, Vec::<String>::new());
}

#[test]
fn a_read_only_file_is_refused_and_left_unchanged() {
    use std::os::unix::fs::PermissionsExt;
    let (sb, id) = after_meeting();
    let path = sb.path().join("s.yaml");
    // No write bit for anyone: refused even though these tests run as root, who
    // could write it; `harvest` treats the bits as the owner's "do not edit".
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    refused(&sb, &id, "s.yaml: the file is read-only");
    let meta = std::fs::metadata(&path).expect("stat");
    assert_eq!(meta.permissions().mode() & 0o7777, 0o444);
    let temps: Vec<String> = leftovers(sb.path(), &[])
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert_eq!(temps, Vec::<String>::new());

    // The Chinese message says the same.
    let run = sb.run_with(
        &["harvest", "s.yaml", "--meeting", &id],
        &[("LANG", "zh_CN.UTF-8")],
    );
    run.expect(2);
    assert!(
        run.stderr().contains("s.yaml: 文件只读"),
        "{}",
        run.stderr()
    );
    assert_eq!(file(&sb), COMMENTED);
}

/// 王五's own passing answers, different from 张三's.
const WANG: &str = "- 您好,李先生,我是交行客户经理小赵。\n- 李先生,这阵子生意怎么样?\n- 李先生,您周四方便来网点面谈吗?\n";

#[test]
fn two_meetings_harvest_chosen_answers_into_one_file_shown_to_the_trainee() {
    let (sb, first) = after_meeting();
    // A second meeting on the same file, before anything was harvested.
    sb.write("wang.yaml", WANG);
    let run = sb.run(&["meeting", "s.yaml", "--answers", "王五=wang.yaml", "--json"]);
    run.expect(0);
    let second = run.json()["id"].as_str().expect("id").to_owned();

    // From the first, only 张三's answers.
    let run = harvest(&sb, &first, &["--pick", "张三"]);
    run.expect(0);
    assert!(run.stdout().contains("3 best answers"), "{}", run.stdout());
    let after_first = file(&sb);
    assert!(
        !after_first.contains("您好,我是交行的小王"),
        "李四's was not chosen"
    );
    // The second meeting was held on the file before the first harvest: it still
    // counts as held on this file. Only 王五's answer to `need` is chosen.
    let run = harvest(&sb, &second, &["--pick", "王五:need"]);
    run.expect(0);
    assert!(
        run.stdout().contains("1 best answers: need"),
        "{}",
        run.stdout()
    );
    let both = file(&sb);
    assert!(
        both.contains("      - \"李先生,最近生意忙吗?\"\n      - \"李先生,这阵子生意怎么样?\"\n"),
        "{both}"
    );
    assert!(!both.contains("周四"), "{both}");
    sb.run(&["check", "s.yaml"]).expect(0);

    // A pick that names no passing answer is refused; so is a file edited by hand.
    let run = harvest(&sb, &second, &["--pick", "李四"]);
    run.expect(2);
    assert!(run.stderr().contains("--pick 李四"), "{}", run.stderr());
    sb.write("s.yaml", format!("{both}# 手工修改\n"));
    let run = harvest(&sb, &second, &["--pick", "王五"]);
    run.expect(2);
    assert!(
        run.stderr().contains("was edited since meeting"),
        "{}",
        run.stderr()
    );
    sb.write("s.yaml", &both);

    // The trainee sees the branch's best answers after a failed step.
    let run = sb.run(&["run", "s.yaml", "--answers", "poor.yaml", "--no-record"]);
    let out = run.stdout();
    assert!(
        out.contains("Branch's best answer: 您好,李先生,我是交通银行客户服务经理小王。"),
        "{out}"
    );
}

#[test]
fn a_pick_naming_an_unknown_step_or_trainee_says_which_were_meant() {
    let (sb, id) = after_meeting();
    let before = file(&sb);
    let run = harvest(&sb, &id, &["--pick", "张三:opning"]);
    assert_eq!(
        run.expect(2).stderr(),
        "no step `opning` (steps of phone-outbound-invite: opening, need, invite)\ndid you mean:\n  opening\n",
    );
    let run = harvest(&sb, &id, &["--lang", "zh", "--pick", "张三丰"]);
    run.expect(2);
    assert_eq!(
        run.stderr(),
        format!("--pick 张三丰: 会议 {id} 中没有这样的全部通过的回答\n是不是要找:\n  张三\n")
    );
    assert_eq!(file(&sb), before, "nothing written");
}
