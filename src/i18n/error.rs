//! Errors as the user reads them: every variant of [`Error`] and [`Usage`] rendered
//! from its fields by the catalogue, in the user's language. This is their only
//! rendering.

use crate::error::{Error, HubProblem, Located, Near, SpecProblem, StoreProblem, StoreTask, Usage};

use super::{Lang, msg};

/// An error as the user reads it, in their language.
pub fn render_error(e: &Error, lang: Lang) -> String {
    match e {
        Error::ScenarioInvalid { problems } => lines(problems, "\n"),
        Error::UnknownScenario { id, near } => {
            msg::UNKNOWN_SCENARIO.fill(lang, &[id]) + &did_you_mean(near, lang)
        }
        Error::AnswersInvalid(l) => l.to_string(),
        Error::AnswersShort { path, step, number } => {
            msg::ANSWERS_SHORT.fill(lang, &[&path.display(), step, number])
        }
        Error::Input(l) if l.line == 0 => l.message.clone(),
        Error::Input(l) => l.to_string(),
        Error::Io { path, source } => msg::IO.fill(lang, &[&path.display(), source]),
        Error::NotRegularFile { path } => Located {
            path: path.clone(),
            line: 1,
            column: 1,
            message: msg::NOT_REGULAR_FILE.get(lang).to_owned(),
        }
        .to_string(),
        Error::Exists { path } => msg::EXISTS.fill(lang, &[&path.display()]),
        Error::ReadOnly { path } => msg::READ_ONLY.fill(lang, &[&path.display()]),
        Error::EditIncomplete { path, copy, source } => {
            msg::EDIT_INCOMPLETE.fill(lang, &[&path.display(), source, &copy.display()])
        }
        Error::Store { path, problem } => {
            msg::STORE.fill(lang, &[&path.display(), &store(problem, lang)])
        }
        Error::Usage(u) => usage(u, lang),
        Error::Hub(p) => hub(p, lang),
        Error::Interrupted => msg::INTERRUPTED.get(lang).to_owned(),
    }
}

fn usage(u: &Usage, lang: Lang) -> String {
    match u {
        Usage::RunNeedsAnswers => msg::RUN_NEEDS_ANSWERS.get(lang).to_owned(),
        Usage::NoScenarios => msg::NO_SCENARIOS.get(lang).to_owned(),
        Usage::NoHome => msg::NO_HOME.get(lang).to_owned(),
        Usage::EmptyTrainee => msg::EMPTY_TRAINEE.get(lang).to_owned(),
        Usage::BadId { id } => msg::NEW_BAD_ID.fill(lang, &[id]),
        Usage::UnknownSkill { name, known, near } => {
            msg::LIST_UNKNOWN_SKILL.fill(lang, &[name, &known.join(", ")])
                + &did_you_mean(near, lang)
        }
        Usage::UnknownStep {
            step,
            scenario,
            steps,
            near,
        } => {
            msg::SCORE_UNKNOWN_STEP.fill(lang, &[step, scenario, &steps.join(", ")])
                + &did_you_mean(near, lang)
        }
        Usage::UnknownConcept { name, known, near } => {
            msg::CONCEPTS_UNKNOWN.fill(lang, &[name, &known.join(", ")]) + &did_you_mean(near, lang)
        }
        Usage::ProgressReportFormat { path } => {
            msg::REPORT_UNKNOWN_FORMAT.fill(lang, &[&path.display()])
        }
        Usage::ZeroThreads => msg::GRADE_THREADS.get(lang).to_owned(),
        Usage::StdinTwice => msg::GRADE_STDIN_TWICE.get(lang).to_owned(),
        Usage::OutIsRules { out, rules } => {
            msg::GRADE_OUT_IS_RULES.fill(lang, &[&out.display(), &rules.display()])
        }
        Usage::OutIsInput { out, input } => {
            msg::GRADE_OUT_IS_INPUT.fill(lang, &[&out.display(), &input.display()])
        }
        Usage::MeetingNeedsAnswers => msg::MEETING_NEEDS_ANSWERS.get(lang).to_owned(),
        Usage::Meeting(p) => meeting_spec(p, lang),
        Usage::MeetingAnswersShort {
            trainee,
            path,
            step,
            number,
        } => msg::MEETING_ANSWERS_SHORT.fill(lang, &[trainee, &path.display(), step, number]),
        Usage::MeetingReportFormat { path } => {
            msg::MEETING_REPORT_FORMAT.fill(lang, &[&path.display()])
        }
        Usage::HarvestUnknownMeeting { meeting, near } => {
            msg::HARVEST_UNKNOWN_MEETING.fill(lang, &[meeting]) + &did_you_mean(near, lang)
        }
        Usage::UnknownTrainee { name, near } => {
            msg::UNKNOWN_TRAINEE.fill(lang, &[name]) + &did_you_mean(near, lang)
        }
        Usage::HarvestOtherScenario {
            path,
            meeting,
            practised,
            scenario,
        } => {
            msg::HARVEST_OTHER_SCENARIO.fill(lang, &[&path.display(), meeting, practised, scenario])
        }
        Usage::HarvestEdited { path, meeting } => {
            msg::HARVEST_EDITED.fill(lang, &[&path.display(), meeting])
        }
        Usage::HarvestNoPlace { path, step } => {
            msg::HARVEST_NO_PLACE.fill(lang, &[&path.display(), step])
        }
        Usage::HubNoAddress => msg::HUB_NO_ADDRESS.get(lang).to_owned(),
        Usage::HubNoBranch => msg::HUB_NO_BRANCH.get(lang).to_owned(),
        Usage::HubBadCode { code } => msg::HUB_BAD_CODE.fill(lang, &[code]),
        Usage::HubBadSince { value } => msg::HUB_BAD_SINCE.fill(lang, &[value]),
        Usage::HubReportFormat { path } => {
            msg::REPORT_UNKNOWN_FORMAT.fill(lang, &[&path.display()])
        }
        Usage::HarvestPickNone {
            pick,
            meeting,
            near,
        } => msg::HARVEST_PICK_NONE.fill(lang, &[pick, meeting]) + &did_you_mean(near, lang),
        Usage::HarvestNotVerified { path, problems } => {
            msg::HARVEST_NOT_VERIFIED.fill(lang, &[&path.display(), &lines(problems, "; ")])
        }
    }
}

fn hub(p: &HubProblem, lang: Lang) -> String {
    match p {
        HubProblem::BadAddress { detail } => msg::HUB_BAD_ADDRESS.fill(lang, &[detail]),
        HubProblem::PasswordInConfig => msg::HUB_PASSWORD_IN_CONFIG.get(lang).to_owned(),
        HubProblem::TlsSetup { hub, detail } => msg::HUB_TLS_SETUP.fill(lang, &[hub, detail]),
        HubProblem::Refused { hub, detail } => msg::HUB_REFUSED.fill(lang, &[hub, detail]),
        HubProblem::Offline { hub, detail } => msg::HUB_OFFLINE.fill(lang, &[hub, detail]),
        HubProblem::Failed { hub, detail } => msg::HUB_FAILED.fill(lang, &[hub, detail]),
        HubProblem::BadVersion { hub, value } => msg::HUB_BAD_VERSION.fill(lang, &[hub, value]),
        HubProblem::Newer { hub, found, known } => msg::HUB_NEWER.fill(lang, &[hub, found, known]),
        HubProblem::Older { hub, found } => msg::HUB_OLDER.fill(lang, &[hub, found]),
        HubProblem::NotSetUp { hub } => msg::HUB_NOT_SET_UP.fill(lang, &[hub]),
        HubProblem::WrongBranch { hub, theirs, ours } => {
            msg::HUB_WRONG_BRANCH.fill(lang, &[hub, theirs, ours])
        }
        HubProblem::BadCode { code } => msg::HUB_BAD_CODE.fill(lang, &[code]),
        HubProblem::UnknownBranch { hub, code } => {
            msg::HUB_UNKNOWN_BRANCH.fill(lang, &[hub, code, code])
        }
        HubProblem::BundleTooLarge { path } => {
            msg::HUB_BUNDLE_TOO_LARGE.fill(lang, &[&path.display()])
        }
        HubProblem::NotABundle { path } => msg::HUB_BUNDLE_NOT.fill(lang, &[&path.display()]),
        HubProblem::BundleTruncated {
            path,
            expected,
            found,
        } => msg::HUB_BUNDLE_TRUNCATED.fill(lang, &[&path.display(), expected, found]),
        HubProblem::BundleAltered { path } => {
            msg::HUB_BUNDLE_ALTERED.fill(lang, &[&path.display()])
        }
        HubProblem::BundleDamaged { path, detail } => {
            msg::HUB_BUNDLE_DAMAGED.fill(lang, &[&path.display(), detail])
        }
    }
}

/// The lines after a message about an unknown id: the known ones near it, each
/// with the name a person reads for it; nothing when none is near.
pub fn did_you_mean(near: &[Near], lang: Lang) -> String {
    let mut out = String::new();
    if near.is_empty() {
        return out;
    }
    out.push('\n');
    out.push_str(msg::DID_YOU_MEAN.get(lang));
    for n in near {
        let name = match lang {
            Lang::Zh => &n.zh,
            Lang::En => &n.en,
        };
        out.push_str("\n  ");
        out.push_str(&n.id);
        if !name.is_empty() && *name != n.id {
            out.push_str("  ");
            out.push_str(name);
        }
    }
    out
}

fn store(p: &StoreProblem, lang: Lang) -> String {
    match p {
        StoreProblem::NotADatabase => msg::STORE_NOT_A_DATABASE.get(lang).to_owned(),
        StoreProblem::Foreign => msg::STORE_FOREIGN.get(lang).to_owned(),
        StoreProblem::Corrupt { detail } => msg::STORE_CORRUPT.fill(lang, &[detail]),
        StoreProblem::IsDirectory => msg::STORE_IS_DIRECTORY.get(lang).to_owned(),
        StoreProblem::ReadOnly => msg::STORE_READ_ONLY.get(lang).to_owned(),
        StoreProblem::Busy { task, detail } => {
            msg::STORE_BUSY.fill(lang, &[&store_task(task, lang), detail])
        }
        StoreProblem::CannotOpen { detail } => msg::STORE_CANNOT_OPEN.fill(lang, &[detail]),
        StoreProblem::Failed { task, detail } => {
            msg::STORE_FAILED.fill(lang, &[&store_task(task, lang), detail])
        }
        StoreProblem::Newer { found, known } => msg::STORE_NEWER.fill(lang, &[found, known]),
        StoreProblem::BadVersion { value } => {
            let missing = msg::STORE_VERSION_MISSING.get(lang);
            let value = value.as_deref().unwrap_or(missing);
            msg::STORE_BAD_VERSION.fill(lang, &[&value])
        }
        StoreProblem::NoFreeMeetingId => msg::MEETING_NO_FREE_ID.get(lang).to_owned(),
    }
}

fn store_task(task: &StoreTask, lang: Lang) -> String {
    let t = match task {
        StoreTask::CreateFolder(folder) => {
            return msg::STORE_CREATE_FOLDER.fill(lang, &[&folder.display()]);
        }
        StoreTask::Open => msg::STORE_OPEN,
        StoreTask::SetBusyTimeout => msg::STORE_SET_BUSY_TIMEOUT,
        StoreTask::EnableForeignKeys => msg::STORE_ENABLE_FOREIGN_KEYS,
        StoreTask::SwitchToWal => msg::STORE_SWITCH_TO_WAL,
        StoreTask::ReadDatabase => msg::STORE_READ_DATABASE,
        StoreTask::ReadFormatVersion => msg::STORE_READ_FORMAT_VERSION,
        StoreTask::Upgrade => msg::STORE_UPGRADE,
        StoreTask::RecordRun => msg::STORE_RECORD_RUN,
        StoreTask::RecordMeeting => msg::STORE_RECORD_MEETING,
        StoreTask::EncodePhrases => msg::STORE_ENCODE_PHRASES,
        StoreTask::ReadRuns => msg::STORE_READ_RUNS,
        StoreTask::ReadTrainees => msg::STORE_READ_TRAINEES,
        StoreTask::ReadScores => msg::STORE_READ_SCORES,
        StoreTask::ReadQueue => msg::STORE_READ_QUEUE,
        StoreTask::MarkRuns => msg::STORE_MARK_RUNS,
        StoreTask::ReadMeeting => msg::STORE_READ_MEETING,
        StoreTask::RecordHarvest => msg::STORE_RECORD_HARVEST,
        StoreTask::ReadHarvests => msg::STORE_READ_HARVESTS,
    };
    t.get(lang).to_owned()
}

fn meeting_spec(p: &SpecProblem, lang: Lang) -> String {
    match p {
        SpecProblem::NoTrainees => msg::MEETING_NEEDS_TRAINEES.get(lang).to_owned(),
        SpecProblem::EmptyName => msg::MEETING_EMPTY_NAME.get(lang).to_owned(),
        SpecProblem::DuplicateTrainee(n) => msg::MEETING_DUPLICATE_TRAINEE.fill(lang, &[n]),
        SpecProblem::Malformed(s) => msg::MEETING_MALFORMED_SPEC.fill(lang, &[s]),
        SpecProblem::UnknownTrainee(n) => msg::MEETING_UNKNOWN_TRAINEE.fill(lang, &[n]),
        SpecProblem::DuplicateAnswers(n) => msg::MEETING_DUPLICATE_ANSWERS.fill(lang, &[n]),
        SpecProblem::MissingAnswers(n) => msg::MEETING_MISSING_ANSWERS.fill(lang, &[n]),
    }
}

fn lines(problems: &[Located], separator: &str) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(separator)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::error::exit;

    fn located(line: usize, message: &str) -> Located {
        Located {
            path: PathBuf::from("s.yaml"),
            line,
            column: 3,
            message: message.to_owned(),
        }
    }

    /// One of every refusal, with recognisable values.
    fn every_usage() -> Vec<Usage> {
        let p = PathBuf::from;
        vec![
            Usage::RunNeedsAnswers,
            Usage::NoScenarios,
            Usage::NoHome,
            Usage::EmptyTrainee,
            Usage::BadId {
                id: "Bad_Id".into(),
            },
            Usage::UnknownSkill {
                name: "phones".into(),
                near: vec![Near {
                    id: "phone".into(),
                    zh: "电话沟通".into(),
                    en: String::new(),
                }],
                known: [
                    "spin",
                    "fab",
                    "objection",
                    "closing",
                    "phone",
                    "counter",
                    "complaint",
                    "compliance",
                ]
                .map(String::from)
                .to_vec(),
            },
            Usage::UnknownStep {
                step: "opening2".into(),
                scenario: "phone-x".into(),
                steps: vec!["opening".into(), "need".into()],
                near: vec![Near::titled("opening", "开场问候")],
            },
            Usage::UnknownConcept {
                name: "apologies".into(),
                known: vec!["apology".into(), "greeting".into()],
                near: vec![Near::titled("apology", "")],
            },
            Usage::ProgressReportFormat { path: p("r.pdf") },
            Usage::ZeroThreads,
            Usage::StdinTwice,
            Usage::OutIsRules {
                out: p("o.jsonl"),
                rules: p("r.yaml"),
            },
            Usage::OutIsInput {
                out: p("o.jsonl"),
                input: p("c.jsonl"),
            },
            Usage::MeetingNeedsAnswers,
            Usage::Meeting(SpecProblem::EmptyName),
            Usage::Meeting(SpecProblem::DuplicateTrainee("张三".into())),
            Usage::Meeting(SpecProblem::Malformed("张三:a.yaml".into())),
            Usage::Meeting(SpecProblem::UnknownTrainee("王五".into())),
            Usage::Meeting(SpecProblem::DuplicateAnswers("李四".into())),
            Usage::Meeting(SpecProblem::MissingAnswers("李四".into())),
            Usage::MeetingAnswersShort {
                trainee: "张三".into(),
                path: p("z.yaml"),
                step: "need".into(),
                number: 2,
            },
            Usage::MeetingReportFormat { path: p("m.pdf") },
            Usage::HarvestUnknownMeeting {
                meeting: "2026-11-23-9".into(),
                near: vec![Near::titled("2026-11-23-1", "")],
            },
            Usage::UnknownTrainee {
                name: "张山".into(),
                near: vec![Near::titled("张三", ""), Near::titled("张珊", "")],
            },
            Usage::HarvestOtherScenario {
                path: p("s.yaml"),
                meeting: "2026-11-23-1".into(),
                practised: "phone-a".into(),
                scenario: "phone-b".into(),
            },
            Usage::HarvestEdited {
                path: p("s.yaml"),
                meeting: "2026-11-23-1".into(),
            },
            Usage::HarvestNoPlace {
                path: p("s.yaml"),
                step: "need".into(),
            },
            Usage::HarvestPickNone {
                pick: "张三丰".into(),
                meeting: "2026-11-23-1".into(),
                near: vec![Near::titled("张三", "")],
            },
            Usage::HarvestNotVerified {
                path: p("s.yaml"),
                problems: vec![located(4, "a"), located(9, "b")],
            },
            Usage::HubNoAddress,
            Usage::HubNoBranch,
            Usage::HubBadCode {
                code: "东湖-1".into(),
            },
            Usage::HubBadSince {
                value: "yesterday".into(),
            },
            Usage::HubReportFormat { path: p("hub.pdf") },
        ]
    }

    /// Every refusal in both languages, read in the snapshot: the values are all
    /// there and the Chinese is Chinese.
    #[test]
    fn every_refusal_renders_in_both_languages() {
        let mut out = String::new();
        for u in every_usage() {
            let e = Error::Usage(u);
            let (zh, en) = (render_error(&e, Lang::Zh), render_error(&e, Lang::En));
            assert_ne!(zh, en, "{e:?}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
            out.push_str(&format!("{zh}\n{en}\n\n"));
        }
        insta::assert_snapshot!(out);
    }

    /// Every problem of the progress database in both languages, read in the
    /// snapshot; SQLite's own words (`detail`) are shown as they are.
    #[test]
    fn every_store_problem_renders_in_both_languages() {
        let detail = || "database disk image is malformed".to_owned();
        let problems = [
            StoreProblem::NotADatabase,
            StoreProblem::Foreign,
            StoreProblem::Corrupt { detail: detail() },
            StoreProblem::IsDirectory,
            StoreProblem::ReadOnly,
            StoreProblem::Busy {
                task: StoreTask::RecordRun,
                detail: "database is locked".into(),
            },
            StoreProblem::CannotOpen { detail: detail() },
            StoreProblem::Failed {
                task: StoreTask::CreateFolder(PathBuf::from("/srv/notes.txt")),
                detail: "Not a directory (os error 20)".into(),
            },
            StoreProblem::Newer { found: 7, known: 1 },
            StoreProblem::BadVersion {
                value: Some("Text(\"x\")".into()),
            },
            StoreProblem::BadVersion { value: None },
            StoreProblem::NoFreeMeetingId,
        ];
        let tasks = [
            StoreTask::Open,
            StoreTask::SetBusyTimeout,
            StoreTask::EnableForeignKeys,
            StoreTask::SwitchToWal,
            StoreTask::ReadDatabase,
            StoreTask::ReadFormatVersion,
            StoreTask::Upgrade,
            StoreTask::RecordMeeting,
            StoreTask::EncodePhrases,
            StoreTask::ReadRuns,
            StoreTask::ReadTrainees,
            StoreTask::ReadScores,
            StoreTask::ReadQueue,
            StoreTask::MarkRuns,
        ]
        .map(|task| StoreProblem::Failed {
            task,
            detail: "x".into(),
        });
        let mut out = String::new();
        for problem in problems.into_iter().chain(tasks) {
            let e = Error::Store {
                path: PathBuf::from("p.db"),
                problem,
            };
            let (zh, en) = (render_error(&e, Lang::Zh), render_error(&e, Lang::En));
            assert!(zh.starts_with("p.db: 学习记录数据库: "), "{zh}");
            assert!(en.starts_with("p.db: progress database: "), "{en}");
            out.push_str(&format!("{zh}\n{en}\n\n"));
        }
        insta::assert_snapshot!(out);
    }

    /// Every problem with the hub in both languages, read in the snapshot; the
    /// server's own words (`detail`) are shown as they are, and only an unreachable
    /// hub leaves the runs queued (exit 3).
    #[test]
    fn every_hub_problem_renders_in_both_languages() {
        let hub = || "db.hq:5432/hub (br_0101)".to_owned();
        let p = PathBuf::from;
        let problems = [
            HubProblem::BadAddress {
                detail: "invalid connection string".into(),
            },
            HubProblem::PasswordInConfig,
            HubProblem::TlsSetup {
                hub: hub(),
                detail: "no such file".into(),
            },
            HubProblem::Refused {
                hub: hub(),
                detail: "password authentication failed for user \"br_0101\"".into(),
            },
            HubProblem::Offline {
                hub: hub(),
                detail: "Connection refused (os error 111)".into(),
            },
            HubProblem::Failed {
                hub: hub(),
                detail: "certificate verify failed".into(),
            },
            HubProblem::BadVersion {
                hub: hub(),
                value: "two".into(),
            },
            HubProblem::Newer {
                hub: hub(),
                found: 9,
                known: 2,
            },
            HubProblem::Older {
                hub: hub(),
                found: 1,
            },
            HubProblem::NotSetUp { hub: hub() },
            HubProblem::WrongBranch {
                hub: hub(),
                theirs: "0102".into(),
                ours: "0101".into(),
            },
            HubProblem::BadCode {
                code: "东湖-1".into(),
            },
            HubProblem::UnknownBranch {
                hub: hub(),
                code: "0103".into(),
            },
            HubProblem::BundleTooLarge { path: p("b.gz") },
            HubProblem::NotABundle { path: p("b.gz") },
            HubProblem::BundleTruncated {
                path: p("b.gz"),
                expected: 4096,
                found: 1000,
            },
            HubProblem::BundleAltered { path: p("b.gz") },
            HubProblem::BundleDamaged {
                path: p("b.gz"),
                detail: "missing field `runs`".into(),
            },
        ];
        let mut out = String::new();
        for problem in problems {
            let offline = matches!(problem, HubProblem::Offline { .. });
            let e = Error::Hub(problem);
            let (zh, en) = (render_error(&e, Lang::Zh), render_error(&e, Lang::En));
            assert_ne!(zh, en, "{e:?}");
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
            let code = if offline {
                exit::OFFLINE
            } else {
                exit::UNUSABLE
            };
            assert_eq!(e.exit_code(), code, "{e:?}");
            out.push_str(&format!("{zh}\n{en}\n\n"));
        }
        insta::assert_snapshot!(out);
    }

    /// The ids near an unknown one follow its message, one a line with its name in
    /// the reader's language; none near, nothing follows.
    #[test]
    fn an_unknown_id_is_followed_by_the_ones_near_it() {
        let e = Error::UnknownScenario {
            id: "投诉".into(),
            near: vec![
                Near::titled("complaint-fee-three-days", "客户投诉被扣管理费"),
                Near::titled("complaint-media-enquiry", "记者来电询问投诉事件"),
            ],
        };
        assert_eq!(
            render_error(&e, Lang::Zh),
            "找不到 id 为 `投诉` 的场景(已查找 ./scenarios 和内置场景库)\n是不是要找:\n  complaint-fee-three-days  客户投诉被扣管理费\n  complaint-media-enquiry  记者来电询问投诉事件"
        );
        let e = Error::Usage(Usage::UnknownSkill {
            name: "电话".into(),
            known: vec!["phone".into()],
            near: vec![Near {
                id: "phone".into(),
                zh: "电话沟通".into(),
                en: String::new(),
            }],
        });
        assert_eq!(
            render_error(&e, Lang::En),
            "unknown skill `电话`, expected one of: phone\ndid you mean:\n  phone"
        );
        let e = Error::UnknownScenario {
            id: "zzz".into(),
            near: Vec::new(),
        };
        assert_eq!(
            render_error(&e, Lang::En),
            "no scenario with id `zzz` in ./scenarios or the built-in library"
        );
    }

    #[test]
    fn an_input_problem_shows_its_place_unless_it_has_none() {
        let at = Error::Input(located(4, "a line too long"));
        assert_eq!(render_error(&at, Lang::Zh), "s.yaml:4:3: a line too long");
        let whole = Error::Input(located(0, "nothing could be read"));
        assert_eq!(render_error(&whole, Lang::En), "nothing could be read");
    }

    #[test]
    fn a_file_that_is_not_regular_is_named_as_the_loader_names_it() {
        let e = Error::NotRegularFile {
            path: PathBuf::from("/dev/null"),
        };
        assert_eq!(
            render_error(&e, Lang::En),
            "/dev/null:1:1: not a regular file (a named pipe, a device or a folder)"
        );
        assert_eq!(
            render_error(&e, Lang::Zh),
            "/dev/null:1:1: 不是普通文件(可能是命名管道、设备或文件夹)"
        );
    }
}
