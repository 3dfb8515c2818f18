//! The summary cache behind `rehearse list`, against the real binary: where it lives,
//! that it is used, that a corrupt or foreign cache is ignored and rebuilt, and that
//! no change to a scenario file (an edit of the same size, `touch`, delete, rename,
//! `chmod`, a lexicon added or removed) ever leaves `list` showing a stale summary.
//! `progress`, `history` and `report` read the library through the same cache.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use common::Sandbox;
use serde_json::Value;

/// A valid one-step scenario; `extra` goes into the step (a concept, say).
fn scenario(id: &str, title: &str, extra: &str) -> String {
    format!(
        "id: {id}\ntitle: {title}\nskill: phone\ndifficulty: 2\n\
         steps:\n  - id: hello\n    customer: 你好。\n    required: [您好]\n{extra}"
    )
}

/// Entries written before this long ago are old enough to be cached.
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

/// The local rows of `list --json` (ids starting `my-`), as (id, title).
fn local_rows(json: &Value) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = json
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|r| {
            let id = r["id"].as_str()?;
            id.starts_with("my-")
                .then(|| (id.to_owned(), r["title"].as_str().unwrap_or("").to_owned()))
        })
        .collect();
    rows.sort();
    rows
}

fn list(sb: &Sandbox) -> Vec<(String, String)> {
    local_rows(&sb.run(&["list", "--json"]).expect(0).json())
}

/// `list` with the cache turned off: what the files say now.
fn uncached(sb: &Sandbox) -> Vec<(String, String)> {
    local_rows(
        &sb.run_with(&["list", "--json"], &[("REHEARSE_NO_CACHE", "1")])
            .expect(0)
            .json(),
    )
}

/// `list` with the cache, which must agree with the files.
fn list_agrees(sb: &Sandbox) -> Vec<(String, String)> {
    let cached = list(sb);
    assert_eq!(cached, uncached(sb), "the cache disagrees with the files");
    cached
}

fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn cache_dir(sb: &Sandbox) -> PathBuf {
    sb.path().join("home/.cache/rehearse")
}

/// The one cache file in `dir`; nothing else (no temporary file) is there.
fn cache_file(dir: &Path) -> PathBuf {
    let files: Vec<PathBuf> = fs::read_dir(dir)
        .expect("cache dir")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().and_then(|n| n.to_str()).unwrap_or("");
    assert!(
        name.starts_with("library-") && name.ends_with(".json"),
        "{name}"
    );
    files[0].clone()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).expect("read cache")).expect("cache is JSON")
}

fn entry_paths(cache: &Value) -> Vec<String> {
    cache["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| e["path"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn set_mtime(path: &Path, when: SystemTime) {
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(when))
        .expect("set mtime");
}

fn mtime(path: &Path) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime")
}

#[test]
fn list_keeps_its_cache_in_the_user_cache_folder_and_uses_it() {
    let sb = Sandbox::new();
    sb.write("scenarios/a.yaml", scenario("my-a", "甲", ""));
    sb.write("scenarios/sub/b.yaml", scenario("my-b", "乙", ""));
    sb.write("scenarios/broken.yaml", "id: my-broken\ntitle: [\n");
    settle();
    assert_eq!(list(&sb), rows(&[("my-a", "甲"), ("my-b", "乙")]));
    let file = cache_file(&cache_dir(&sb));
    let cache = read_json(&file);
    assert_eq!(cache["format"], 1);
    assert!(
        cache["program"]
            .as_str()
            .is_some_and(|p| p.starts_with(env!("CARGO_PKG_VERSION"))),
        "{cache}"
    );
    let folder = cache["folder"].as_str().expect("folder");
    assert_eq!(
        fs::canonicalize(folder).ok(),
        fs::canonicalize(sb.path().join("scenarios")).ok()
    );
    // The invalid file is remembered as such, so it is not parsed again either.
    assert_eq!(
        entry_paths(&cache),
        [
            "scenarios/a.yaml",
            "scenarios/broken.yaml",
            "scenarios/sub/b.yaml"
        ]
    );
    assert_eq!(cache["entries"][1]["summary"], Value::Null);

    // The cache is what `list` reads while the files are unchanged: a title changed
    // in the cache alone shows (and proves the files were not parsed).
    let original = fs::read_to_string(&file).expect("cache");
    let tampered = original.replace("\"甲\"", "\"缓存里的甲\"");
    assert_ne!(tampered, original);
    fs::write(&file, &tampered).expect("write cache");
    assert_eq!(list(&sb), rows(&[("my-a", "缓存里的甲"), ("my-b", "乙")]));
    // REHEARSE_NO_CACHE bypasses it, and leaves it alone.
    assert_eq!(uncached(&sb), rows(&[("my-a", "甲"), ("my-b", "乙")]));
    assert_eq!(fs::read_to_string(&file).expect("cache"), tampered);
}

#[test]
fn a_corrupt_or_foreign_cache_is_ignored_and_rebuilt() {
    let sb = Sandbox::new();
    sb.write("scenarios/a.yaml", scenario("my-a", "甲", ""));
    settle();
    let expected = rows(&[("my-a", "甲")]);
    assert_eq!(list(&sb), expected);
    let file = cache_file(&cache_dir(&sb));
    let good = read_json(&file);
    let wrong_title = |mut v: Value| {
        v["entries"][0]["summary"]["title"] = "错的".into();
        v
    };
    let mut foreign = Vec::new();
    for (field, value) in [
        ("format", Value::from(999)),
        ("program", Value::from("0.0.1 1 2 3")),
        ("folder", Value::from("/somewhere/else/scenarios")),
    ] {
        let mut v = wrong_title(good.clone());
        v[field] = value;
        foreign.push(serde_json::to_vec(&v).expect("json"));
    }
    let corrupt: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"\0\xff garbage".to_vec(),
        serde_json::to_vec(&wrong_title(good.clone())).expect("json")[..40].to_vec(),
        br#"{"format":1,"entries":"no"}"#.to_vec(),
    ];
    for bytes in foreign.into_iter().chain(corrupt) {
        fs::write(&file, &bytes).expect("write cache");
        assert_eq!(list(&sb), expected, "{}", String::from_utf8_lossy(&bytes));
        // Rewritten whole and usable again.
        assert_eq!(read_json(&file), good);
        cache_file(&cache_dir(&sb));
    }
}

#[test]
fn no_change_to_a_file_ever_leaves_a_stale_summary() {
    let sb = Sandbox::new();
    let a = sb.write("scenarios/a.yaml", scenario("my-a", "标题甲一", ""));
    let b = sb.write("scenarios/b.yaml", scenario("my-b", "乙", ""));
    let c = sb.write("scenarios/c.yaml", scenario("my-c", "丙", ""));
    let d = sb.write("scenarios/d.yaml", scenario("my-d", "丁", ""));
    // Valid only once a branch lexicon defines its concept.
    let e = sb.write(
        "scenarios/e.yaml",
        scenario("my-e", "戊", "    banned:\n      - concept: my-taboo\n"),
    );
    settle();
    let all = rows(&[
        ("my-a", "标题甲一"),
        ("my-b", "乙"),
        ("my-c", "丙"),
        ("my-d", "丁"),
    ]);
    assert_eq!(list_agrees(&sb), all);
    assert_eq!(list_agrees(&sb), all);

    // An edit of the same size, with the modification time put back as it was.
    let before = mtime(&a);
    let text = fs::read_to_string(&a).expect("read");
    let edited = text.replace("标题甲一", "标题甲二");
    assert_eq!(edited.len(), text.len());
    fs::write(&a, edited).expect("edit");
    set_mtime(&a, before);
    assert_eq!(list_agrees(&sb)[0], ("my-a".into(), "标题甲二".into()));

    // touch: nothing changes, and nothing is lost.
    set_mtime(&b, SystemTime::now());
    assert_eq!(list_agrees(&sb).len(), 4);

    // Deleted, renamed within the folder, renamed out of it (not .yaml).
    fs::remove_file(&c).expect("delete");
    assert_eq!(
        list_agrees(&sb),
        rows(&[("my-a", "标题甲二"), ("my-b", "乙"), ("my-d", "丁")])
    );
    let d2 = sb.path().join("scenarios/d2.yaml");
    fs::rename(&d, &d2).expect("rename");
    assert_eq!(list_agrees(&sb).len(), 3);
    fs::rename(&d2, sb.path().join("scenarios/d.txt")).expect("rename");
    assert_eq!(
        list_agrees(&sb),
        rows(&[("my-a", "标题甲二"), ("my-b", "乙")])
    );

    // Made invalid, then valid again.
    fs::write(&a, "id: my-a\ntitle: [\n").expect("break");
    assert_eq!(list_agrees(&sb), rows(&[("my-b", "乙")]));
    fs::write(&a, scenario("my-a", "甲", "")).expect("fix");
    assert_eq!(list_agrees(&sb).len(), 2);

    // Unreadable: root still reads it, anyone else does not; the cache agrees.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&b, fs::Permissions::from_mode(0o000)).expect("chmod");
        let now = list_agrees(&sb);
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            assert_eq!(now, rows(&[("my-a", "甲")]));
        }
        fs::set_permissions(&b, fs::Permissions::from_mode(0o644)).expect("chmod");
        assert_eq!(list_agrees(&sb).len(), 2);
    }

    // A branch lexicon added beside it makes `e` valid; removed, invalid again.
    let lexicon = sb.write(
        "scenarios/lexicon.yaml",
        "concepts:\n  my-taboo:\n    phrases: [不知道]\n",
    );
    assert_eq!(list_agrees(&sb).len(), 3);
    fs::remove_file(&lexicon).expect("delete lexicon");
    assert_eq!(list_agrees(&sb).len(), 2);
    assert!(e.exists());

    // After things settle, every file is cached again and still right.
    settle();
    list_agrees(&sb);
    let cache = read_json(&cache_file(&cache_dir(&sb)));
    assert_eq!(
        entry_paths(&cache),
        ["scenarios/a.yaml", "scenarios/b.yaml", "scenarios/e.yaml"]
    );
    assert_eq!(list_agrees(&sb).len(), 2);
}

#[test]
fn a_file_changed_in_the_last_two_seconds_is_read_but_not_cached() {
    let sb = Sandbox::new();
    let a = sb.write("scenarios/a.yaml", scenario("my-a", "标题甲一", ""));
    assert_eq!(list(&sb), rows(&[("my-a", "标题甲一")]));
    let cache = read_json(&cache_file(&cache_dir(&sb)));
    assert_eq!(entry_paths(&cache), Vec::<String>::new());
    // A second edit of the same size within the same tick of a coarse clock.
    let before = mtime(&a);
    fs::write(&a, scenario("my-a", "标题甲二", "")).expect("edit");
    set_mtime(&a, before);
    assert_eq!(list(&sb), rows(&[("my-a", "标题甲二")]));
    settle();
    assert_eq!(list(&sb), rows(&[("my-a", "标题甲二")]));
    let cache = read_json(&cache_file(&cache_dir(&sb)));
    assert_eq!(entry_paths(&cache), ["scenarios/a.yaml"]);
}

#[test]
fn the_cache_folder_can_be_moved_and_an_unusable_one_costs_nothing_but_speed() {
    let sb = Sandbox::new();
    sb.write("scenarios/a.yaml", scenario("my-a", "甲", ""));
    settle();
    let elsewhere = sb.path().join("my-cache");
    let run = sb.run_with(
        &["list", "--json"],
        &[("REHEARSE_CACHE_DIR", elsewhere.to_str().expect("utf-8"))],
    );
    assert_eq!(local_rows(&run.expect(0).json()), rows(&[("my-a", "甲")]));
    cache_file(&elsewhere);
    assert!(!cache_dir(&sb).exists());
    // A cache "folder" that is a file: `list` works all the same.
    let blocked = sb.write("not-a-folder", "x");
    let run = sb.run_with(
        &["list", "--json"],
        &[("REHEARSE_CACHE_DIR", blocked.to_str().expect("utf-8"))],
    );
    assert_eq!(local_rows(&run.expect(0).json()), rows(&[("my-a", "甲")]));
    assert_eq!(fs::read_to_string(&blocked).expect("read"), "x");
}

/// A branch's library: many valid files, one that does not parse and one with a typo
/// in a value, and runs of two of its scenarios.
fn branch_library() -> Sandbox {
    let sb = Sandbox::new();
    for i in 0..40 {
        let step_title = format!("    title: 第{i}号问候\n");
        sb.write(
            &format!("scenarios/branch/my-{i:02}.yaml"),
            scenario(&format!("my-{i:02}"), &format!("网点场景{i}"), &step_title),
        );
    }
    sb.write("scenarios/broken.yaml", "id: my-broken\ntitle: [\n");
    sb.write(
        "scenarios/typo.yaml",
        scenario("my-typo", "错别字", "").replace("skill: phone", "skill: fone"),
    );
    sb.write("hello.yaml", "- 您好\n");
    sb.write("poor.yaml", "- 嗯\n");
    for (id, answers) in [("my-07", "hello.yaml"), ("my-31", "poor.yaml")] {
        let run = sb.run(&["run", id, "--answers", answers, "--seed", "1"]);
        assert!(matches!(run.code(), 0 | 1), "{}", run.stderr());
    }
    sb
}

/// The `available` count of `skill` in `progress --json`.
fn available(progress: &Value, skill: &str) -> u64 {
    progress["skills"]
        .as_array()
        .expect("skills")
        .iter()
        .find(|k| k["skill"] == skill)
        .and_then(|k| k["available"].as_u64())
        .expect("the skill's count")
}

fn progress_json(sb: &Sandbox) -> Value {
    sb.run(&["progress", "--json"]).expect(0).json()
}

#[test]
fn progress_history_and_report_read_the_library_through_the_cache() {
    let sb = branch_library();
    settle();
    let commands: [&[&str]; 7] = [
        &["progress"],
        &["progress", "--json"],
        &["history"],
        &["history", "--json"],
        &["history", "--scenario", "my-7"],
        &["history", "--scenario", "my-31", "--json"],
        &["report"],
    ];
    for args in commands {
        // The first run fills the cache, the second reads it; both say what the
        // files say now, byte for byte, and the files the library leaves out (one
        // that does not parse, one with an unknown skill) are left out silently.
        let uncached = sb.run_with(args, &[("REHEARSE_NO_CACHE", "1")]);
        uncached.expect(0);
        assert_eq!(uncached.stderr(), "", "{args:?}");
        for _ in 0..2 {
            let cached = sb.run(args);
            cached.expect(0);
            assert_eq!(cached.stdout(), uncached.stdout(), "{args:?}");
            assert_eq!(cached.stderr(), uncached.stderr(), "{args:?}");
        }
    }
    // Not one `list`, yet the cache holds every file of the folder.
    let file = cache_file(&cache_dir(&sb));
    assert_eq!(entry_paths(&read_json(&file)).len(), 42);
    // The runs' own scenarios are read in full: their steps' titles are shown.
    let history = sb.run(&["history"]).expect(0).stdout();
    for shown in ["网点场景7", "第7号问候", "网点场景31", "第31号问候"] {
        assert!(history.contains(shown), "{shown} not in:\n{history}");
    }
    let near = sb
        .run(&["history", "--scenario", "my-7"])
        .expect(0)
        .stdout();
    assert!(near.contains("my-07"), "{near}");

    // What progress counts comes from the cache while the files are unchanged: a
    // skill changed in the cache alone moves one scenario from phone to fab.
    let before = progress_json(&sb);
    let phone = available(&before, "phone");
    let fab = available(&before, "fab");
    let mut cache = read_json(&file);
    let entries = cache["entries"].as_array_mut().expect("entries");
    let my_12 = entries
        .iter_mut()
        .find(|e| e["path"] == "scenarios/branch/my-12.yaml")
        .expect("my-12 cached");
    my_12["summary"]["skill"] = "fab".into();
    fs::write(&file, serde_json::to_vec(&cache).expect("json")).expect("write cache");
    let tampered = progress_json(&sb);
    assert_eq!(
        (available(&tampered, "phone"), available(&tampered, "fab")),
        (phone - 1, fab + 1)
    );
    let honest = sb.run_with(&["progress", "--json"], &[("REHEARSE_NO_CACHE", "1")]);
    assert_eq!(honest.expect(0).json(), before);

    // A changed file is read again: my-12 becomes a complaint scenario, my-07 gets a
    // new title, and the typo is fixed.
    let path = sb.write(
        "scenarios/branch/my-12.yaml",
        scenario("my-12", "网点场景12", "").replace("skill: phone", "skill: complaint"),
    );
    set_mtime(&path, mtime(&path) + Duration::from_secs(1));
    sb.write(
        "scenarios/branch/my-07.yaml",
        scenario("my-07", "改过的标题", "    title: 改过的问候\n"),
    );
    sb.write("scenarios/typo.yaml", scenario("my-typo", "错别字", ""));
    let after = progress_json(&sb);
    assert_eq!(
        (
            available(&after, "phone"),
            available(&after, "fab"),
            available(&after, "complaint")
        ),
        (phone, fab, available(&before, "complaint") + 1)
    );
    let history = sb.run(&["history"]).expect(0).stdout();
    assert!(
        history.contains("改过的标题") && history.contains("改过的问候"),
        "{history}"
    );
    for args in commands {
        let cached = sb.run(args);
        let uncached = sb.run_with(args, &[("REHEARSE_NO_CACHE", "1")]);
        assert_eq!(cached.stdout(), uncached.expect(0).stdout(), "{args:?}");
    }
}
