//! Runs and meetings as the hub stores them, and the one insert that lands a batch:
//! `INSERT … ON CONFLICT (uuid) DO NOTHING`, so a batch sent twice (after a crash
//! between the hub's commit and the local mark, or in two bundles) lands once.

use std::collections::{BTreeMap, BTreeSet};

use postgres::GenericClient;
use serde::{Deserialize, Serialize};

use crate::store::outbox::Outgoing;

/// Who this machine is, from the config (and `REHEARSE_BRANCH`).
#[derive(Debug, Clone, Default)]
pub struct Identity {
    pub branch: String,
    pub branch_name: Option<String>,
    /// Employee numbers by trainee name.
    pub employees: BTreeMap<String, String>,
    /// Whether trainees' names go to the hub beside their employee numbers.
    pub send_names: bool,
}

impl Identity {
    /// The trainee as the hub knows them: the employee number, or else a stable
    /// pseudonym (`anon-` and 16 hex digits of SHA-256 of the run's branch and the
    /// name), so the hub can follow a trainee without holding a name it was not given.
    pub fn trainee_key(&self, branch: &str, name: &str) -> String {
        if let Some(number) = self.employees.get(name) {
            return number.clone();
        }
        use sha2::Digest;
        let hash = sha2::Sha256::digest(format!("{branch}\n{name}").as_bytes());
        let hex: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
        format!("anon-{hex}")
    }
}

/// One run on the hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HubRun {
    pub uuid: String,
    pub branch: String,
    pub trainee: String,
    pub trainee_name: Option<String>,
    pub scenario_id: String,
    pub skill: Option<String>,
    pub scenario_hash: String,
    pub seed: i64,
    pub started_at: String,
    pub finished_at: String,
    pub score: i16,
    pub passed: bool,
    pub walked_out: bool,
    pub meeting_uuid: Option<String>,
    pub missed: Vec<String>,
    pub banned: Vec<String>,
    pub steps: serde_json::Value,
}

/// One weekly meeting on the hub.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HubMeeting {
    pub uuid: String,
    pub branch: String,
    pub local_id: String,
    pub scenario_id: String,
    pub skill: Option<String>,
    pub held_at: String,
    pub trainees: i32,
}

/// The branch a queued run goes to the hub under: the code it was recorded at, or,
/// for a run recorded with none configured, this machine's code now.
pub fn branch_of<'a>(o: &'a Outgoing, me: &'a Identity) -> &'a str {
    o.branch.as_deref().unwrap_or(&me.branch)
}

/// The hub's rows for a batch of queued runs; `skill_of` names a scenario's skill.
pub fn rows(
    batch: &[Outgoing],
    me: &Identity,
    skill_of: &dyn Fn(&str) -> Option<String>,
) -> (Vec<HubMeeting>, Vec<HubRun>) {
    let mut meetings: BTreeMap<String, HubMeeting> = BTreeMap::new();
    let mut runs = Vec::with_capacity(batch.len());
    for o in batch {
        let r = &o.stored.run;
        let branch = branch_of(o, me).to_owned();
        let skill = skill_of(&r.scenario_id);
        if let (Some(uuid), Some(local_id)) = (&o.meeting_uuid, &r.meeting_id) {
            let m = meetings.entry(uuid.clone()).or_insert_with(|| HubMeeting {
                uuid: uuid.clone(),
                branch: branch.clone(),
                local_id: local_id.clone(),
                scenario_id: r.scenario_id.clone(),
                skill: skill.clone(),
                held_at: r.started_at.clone(),
                trainees: i32::try_from(o.meeting_size).unwrap_or(i32::MAX),
            });
            if r.started_at < m.held_at {
                m.held_at = r.started_at.clone();
            }
        }
        let collect = |f: fn(&crate::record::StepRecord) -> Vec<String>| {
            r.steps
                .iter()
                .flat_map(f)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        };
        runs.push(HubRun {
            uuid: o.uuid.clone(),
            trainee: me.trainee_key(&branch, &r.trainee),
            branch,
            trainee_name: me.send_names.then(|| r.trainee.clone()),
            scenario_id: r.scenario_id.clone(),
            skill,
            scenario_hash: r.scenario_hash.clone(),
            seed: r.seed.cast_signed(),
            started_at: r.started_at.clone(),
            finished_at: r.finished_at.clone(),
            score: i16::from(r.score),
            passed: r.passed,
            walked_out: r.walked_out,
            meeting_uuid: o.meeting_uuid.clone(),
            missed: collect(|s| s.counted.missing.iter().map(ToString::to_string).collect()),
            banned: collect(|s| s.counted.banned.clone()),
            steps: serde_json::to_value(&r.steps).unwrap_or_default(),
        });
    }
    (meetings.into_values().collect(), runs)
}

const INSERT_MEETINGS: &str = "INSERT INTO rehearse.meetings
    (uuid, branch, local_id, scenario_id, skill, held_at, trainees)
    SELECT u::uuid, b, l, s, k, h::timestamptz, t
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int4[])
         AS x(u, b, l, s, k, h, t)
    ON CONFLICT (uuid) DO NOTHING";

const INSERT_RUNS: &str = "INSERT INTO rehearse.runs
    (uuid, branch, trainee, trainee_name, scenario_id, skill, scenario_hash, seed,
     started_at, finished_at, score, passed, walked_out, meeting_uuid, missed, banned, steps)
    SELECT u::uuid, b, t, tn, s, k, h, seed, sa::timestamptz, fa::timestamptz, sc, p, w,
           mu::uuid,
           ARRAY(SELECT jsonb_array_elements_text(mi::jsonb)),
           ARRAY(SELECT jsonb_array_elements_text(ba::jsonb)),
           st::jsonb
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
                $7::text[], $8::int8[], $9::text[], $10::text[], $11::int2[], $12::bool[],
                $13::bool[], $14::text[], $15::text[], $16::text[], $17::text[])
         AS x(u, b, t, tn, s, k, h, seed, sa, fa, sc, p, w, mu, mi, ba, st)
    ON CONFLICT (uuid) DO NOTHING";

fn column<T, U>(items: &[T], f: impl Fn(&T) -> U) -> Vec<U> {
    items.iter().map(f).collect()
}

fn json(v: &impl Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".to_owned())
}

/// Inserts meetings and runs in the caller's transaction; returns how many runs
/// were new (the rest were on the hub already).
pub fn insert(
    tx: &mut impl GenericClient,
    meetings: &[HubMeeting],
    runs: &[HubRun],
) -> Result<u64, postgres::Error> {
    if !meetings.is_empty() {
        tx.execute(
            INSERT_MEETINGS,
            &[
                &column(meetings, |m| m.uuid.clone()),
                &column(meetings, |m| m.branch.clone()),
                &column(meetings, |m| m.local_id.clone()),
                &column(meetings, |m| m.scenario_id.clone()),
                &column(meetings, |m| m.skill.clone()),
                &column(meetings, |m| m.held_at.clone()),
                &column(meetings, |m| m.trainees),
            ],
        )?;
    }
    if runs.is_empty() {
        return Ok(0);
    }
    tx.execute(
        INSERT_RUNS,
        &[
            &column(runs, |r| r.uuid.clone()),
            &column(runs, |r| r.branch.clone()),
            &column(runs, |r| r.trainee.clone()),
            &column(runs, |r| r.trainee_name.clone()),
            &column(runs, |r| r.scenario_id.clone()),
            &column(runs, |r| r.skill.clone()),
            &column(runs, |r| r.scenario_hash.clone()),
            &column(runs, |r| r.seed),
            &column(runs, |r| r.started_at.clone()),
            &column(runs, |r| r.finished_at.clone()),
            &column(runs, |r| r.score),
            &column(runs, |r| r.passed),
            &column(runs, |r| r.walked_out),
            &column(runs, |r| r.meeting_uuid.clone()),
            &column(runs, |r| json(&r.missed)),
            &column(runs, |r| json(&r.banned)),
            &column(runs, |r| json(&r.steps)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{AttemptRecord, Missing, RunRecord, StepRecord, StoredRun};

    fn step(id: &str, missing: Vec<Missing>, banned: &[&str]) -> StepRecord {
        StepRecord {
            step_id: id.to_owned(),
            customer: "喂".to_owned(),
            counted: AttemptRecord {
                answer: "你好".to_owned(),
                score: 0,
                passed: false,
                missing,
                banned: banned.iter().map(|b| (*b).to_owned()).collect(),
                saw_hint: false,
                saw_model: false,
            },
            retries: Vec::new(),
            review: Default::default(),
        }
    }

    #[test]
    fn a_run_names_its_missing_entries_as_spec_5_writes_them() {
        let steps = vec![
            step(
                "a",
                vec![Missing::Item("报出银行".into()), Missing::Question],
                &["你好"],
            ),
            step("b", vec![Missing::TooLong, Missing::Question], &[]),
        ];
        let outgoing = Outgoing {
            uuid: "00000000-0000-4000-8000-000000000001".into(),
            meeting_uuid: None,
            meeting_size: 0,
            branch: Some("0101".into()),
            stored: StoredRun {
                id: 1,
                run: RunRecord {
                    trainee: "张三".into(),
                    scenario_id: "s".into(),
                    scenario_hash: "h".into(),
                    seed: 1,
                    started_at: "2026-11-30T03:00:00Z".into(),
                    finished_at: "2026-11-30T03:01:00Z".into(),
                    score: 0,
                    passed: false,
                    walked_out: false,
                    meeting_id: None,
                    steps,
                },
            },
        };
        let (_, runs) = rows(&[outgoing], &Identity::default(), &|_| None);
        assert_eq!(runs[0].missed, ["max_chars", "question", "报出银行"]);
        assert_eq!(runs[0].banned, ["你好"]);
        assert_eq!(
            runs[0].steps[1]["missing"],
            serde_json::json!(["max_chars", "question"])
        );
        assert_eq!(runs[0].steps[0]["answer"], "你好");
    }
}
