//! `rehearse hub report`: the bank-wide figures, each one SQL query over the hub's
//! summaries, which hold thousands of rows where the runs are millions.

use postgres::GenericClient;
use serde::Serialize;

/// What to look at; `None` is everything.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub branch: Option<String>,
    pub skill: Option<String>,
    /// RFC 3339 or a date (`2026-11-01`), read by PostgreSQL as a timestamptz.
    pub since: Option<String>,
    /// A trainee whose last run is older than this many weeks is listed as idle.
    pub idle_weeks: u32,
    /// How many rows the "most" lists keep.
    pub top: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The branch code or the skill.
    pub key: String,
    /// The branch's name, when the hub has one.
    pub name: Option<String>,
    pub runs: i64,
    pub passed: i64,
    /// Passed runs in percent, 0–100, one decimal.
    pub pass_rate: f64,
    pub average_score: f64,
    pub trainees: i64,
    /// Pass rate over the last 28 days of the data, and over the 28 days before.
    pub recent_pass_rate: Option<f64>,
    pub earlier_pass_rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub item: String,
    pub count: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Idle {
    pub branch: String,
    pub trainee: String,
    pub name: Option<String>,
    pub last_run: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meetings {
    pub branch: String,
    pub name: Option<String>,
    pub meetings: i64,
    pub trainees: i64,
    pub last: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HubReport {
    pub branch: Option<String>,
    pub skill: Option<String>,
    pub since: Option<String>,
    pub idle_weeks: u32,
    pub by_branch: Vec<Group>,
    pub by_skill: Vec<Group>,
    pub most_missed: Vec<Count>,
    pub most_banned: Vec<Count>,
    pub idle: Vec<Idle>,
    pub meetings: Vec<Meetings>,
}

// Every query reads the summaries (see `sql/v2.sql`), never all the runs. Its
// parameters: `$1` branch, `$2` skill, `$3` since (text, as PostgreSQL reads a
// timestamptz), `$4` the first UTC midnight at or after since, `$5` the first
// first-of-month at or after `$4`. What a filter keeps is then whole months from
// `$5` (`run_months`), whole days from `$4` to `$5` (`run_days`), and the runs
// themselves from since to `$4` (less than a day, by the index on `finished_at`).

/// `branch` and `skill` as the filter asks, on a summary.
const KEEP: &str = "($1::text IS NULL OR branch = $1) AND ($2::text IS NULL OR skill = $2)";

/// The runs from since up to the first midnight after it (none without since).
fn raw_runs(columns: &str) -> String {
    format!(
        "SELECT {columns} FROM rehearse.runs
         WHERE $3::text IS NOT NULL AND finished_at >= $3::text::timestamptz
           AND finished_at < $4::text::date::timestamp AT TIME ZONE 'UTC'
           AND ($1::text IS NULL OR branch = $1) AND ($2::text IS NULL OR skill = $2)"
    )
}

/// Cells of `(branch, skill, runs, passed, score_sum)` that add up to the filter's
/// runs.
fn run_cells() -> String {
    let raw = raw_runs("branch, coalesce(skill, ''), 1, passed::int, score::int");
    format!(
        "SELECT branch, skill, runs, passed, score_sum FROM rehearse.run_months
         WHERE {KEEP} AND ($5::text IS NULL OR month >= $5::text::date)
         UNION ALL
         SELECT branch, skill, runs, passed, score_sum FROM rehearse.run_days
         WHERE {KEEP} AND $4::text IS NOT NULL
           AND day >= $4::text::date AND day < $5::text::date
         UNION ALL {raw}"
    )
}

/// Day cells `(branch, skill, day, runs, passed)` of the filter's runs from day
/// `from` (an SQL expression) on.
fn day_cells(from: &str) -> String {
    let raw = raw_runs(
        "branch, coalesce(skill, ''), (finished_at AT TIME ZONE 'UTC')::date, 1, passed::int",
    );
    format!(
        "SELECT branch, skill, day, runs, passed FROM rehearse.run_days
         WHERE {KEEP} AND ($4::text IS NULL OR day >= $4::text::date) AND day >= {from}
         UNION ALL
         SELECT * FROM ({raw}) r (branch, skill, day, runs, passed) WHERE day >= {from}"
    )
}

/// Per group (`key`, an expression over `branch` and `skill`): runs, passes, the
/// average score, trainees, and the pass rate over the last 28 days of the data
/// (whole UTC days, ending on the last day with a run) and the 28 days before.
fn group_sql(label: &str, key: &str, name: &str, join: &str) -> String {
    let (cells, days) = (run_cells(), day_cells("(SELECT e - 55 FROM edge)"));
    let raw_edge = raw_runs("max((finished_at AT TIME ZONE 'UTC')::date)");
    format!(
        "/* {label} */ WITH edge AS (
             SELECT greatest(
                 (SELECT max(day) FROM rehearse.run_days
                  WHERE {KEEP} AND ($4::text IS NULL OR day >= $4::text::date)),
                 ({raw_edge})) AS e),
         total AS (
             SELECT {key} AS key, sum(runs)::int8 AS runs, sum(passed)::int8 AS passed,
                    sum(score_sum) AS score_sum
             FROM ({cells}) c GROUP BY 1),
         late AS (
             SELECT {key} AS key,
                    sum(runs) FILTER (WHERE day > e - 28) AS recent,
                    sum(passed) FILTER (WHERE day > e - 28) AS recent_passed,
                    sum(runs) FILTER (WHERE day <= e - 28) AS earlier,
                    sum(passed) FILTER (WHERE day <= e - 28) AS earlier_passed
             FROM ({days}) c CROSS JOIN edge GROUP BY 1),
         people AS (
             SELECT key, count(*) AS trainees
             FROM (SELECT DISTINCT {key} AS key, branch, trainee FROM rehearse.trainee_skills
                   WHERE {KEEP} AND ($3::text IS NULL OR last_run >= $3::text::timestamptz)) d
             GROUP BY 1)
         SELECT nullif(t.key, '') AS key, {name} AS name, t.runs, t.passed,
                round(t.score_sum::numeric / t.runs, 1)::float8,
                coalesce(p.trainees, 0),
                round(100.0 * l.recent_passed / nullif(l.recent, 0), 1)::float8,
                round(100.0 * l.earlier_passed / nullif(l.earlier, 0), 1)::float8
         FROM total t LEFT JOIN late l USING (key) LEFT JOIN people p USING (key) {join}
         ORDER BY 1"
    )
}

fn rate(passed: i64, runs: i64) -> f64 {
    if runs == 0 {
        0.0
    } else {
        (1000.0 * passed as f64 / runs as f64).round() / 10.0
    }
}

fn groups(
    c: &mut impl GenericClient,
    sql: &str,
    p: &[&(dyn postgres::types::ToSql + Sync)],
) -> Result<Vec<Group>, postgres::Error> {
    Ok(c.query(sql, p)?
        .iter()
        .map(|row| {
            let (runs, passed): (i64, i64) = (row.get(2), row.get(3));
            Group {
                key: row
                    .get::<_, Option<String>>(0)
                    .unwrap_or_else(|| "-".into()),
                name: row.get(1),
                runs,
                passed,
                pass_rate: rate(passed, runs),
                average_score: row.get::<_, Option<f64>>(4).unwrap_or(0.0),
                trainees: row.get(5),
                recent_pass_rate: row.get(6),
                earlier_pass_rate: row.get(7),
            }
        })
        .collect())
}

fn counts(
    c: &mut impl GenericClient,
    kind: &str,
    p: &[&(dyn postgres::types::ToSql + Sync)],
) -> Result<Vec<Count>, postgres::Error> {
    // `kind` is the column's name as well: `missed` or `banned`.
    let raw = raw_runs(&format!("unnest({kind}), 1"));
    let sql = format!(
        "/* most {kind} */ SELECT item, sum(runs)::int8 FROM (
             SELECT item, runs FROM rehearse.item_months
             WHERE kind = '{kind}' AND {KEEP} AND ($5::text IS NULL OR month >= $5::text::date)
             UNION ALL
             SELECT item, runs FROM rehearse.item_days
             WHERE kind = '{kind}' AND {KEEP} AND $4::text IS NOT NULL
               AND day >= $4::text::date AND day < $5::text::date
             UNION ALL {raw}) c (item, runs)
         GROUP BY item ORDER BY 2 DESC, 1 LIMIT $6"
    );
    Ok(c.query(&sql, p)?
        .iter()
        .map(|row| Count {
            item: row.get(0),
            count: row.get(1),
        })
        .collect())
}

/// `$4` and `$5` of the queries for a since (see above).
fn bounds(
    c: &mut impl GenericClient,
    since: Option<&str>,
) -> Result<(Option<String>, Option<String>), postgres::Error> {
    let Some(since) = since else {
        return Ok((None, None));
    };
    let row = c.query_one(
        "/* since */ SELECT d1::text, (CASE WHEN extract(day FROM d1) = 1 THEN d1
                                ELSE date_trunc('month', d1::timestamp) + interval '1 month' END)::date::text
         FROM (SELECT (CASE WHEN t = date_trunc('day', t) THEN t::date ELSE t::date + 1 END) AS d1
               FROM (SELECT $1::text::timestamptz AT TIME ZONE 'UTC' AS t) s) d",
        &[&since],
    )?;
    Ok((Some(row.get(0)), Some(row.get(1))))
}

pub fn build(c: &mut impl GenericClient, f: &Filter) -> Result<HubReport, postgres::Error> {
    let (day, month) = bounds(c, f.since.as_deref())?;
    let p: [&(dyn postgres::types::ToSql + Sync); 6] =
        [&f.branch, &f.skill, &f.since, &day, &month, &f.top];
    let by_branch = groups(
        c,
        &group_sql(
            "by branch",
            "branch",
            "b.name",
            "LEFT JOIN rehearse.branches b ON b.code = t.key",
        ),
        &p[..5],
    )?;
    let by_skill = groups(
        c,
        &group_sql("by skill", "skill", "NULL::text", ""),
        &p[..5],
    )?;
    let most_missed = counts(c, "missed", &p)?;
    let most_banned = counts(c, "banned", &p)?;
    let idle_sql = format!(
        "/* idle */ SELECT branch, trainee, max(name),
                to_char(max(last_run) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
         FROM rehearse.trainee_skills
         WHERE {KEEP} AND ($3::text IS NULL OR last_run >= $3::text::timestamptz)
         GROUP BY branch, trainee
         HAVING max(last_run) < now() - make_interval(weeks => $4::int)
         ORDER BY max(last_run), 1, 2 LIMIT 1000"
    );
    let weeks = i32::try_from(f.idle_weeks).unwrap_or(i32::MAX);
    let idle = c
        .query(&idle_sql, &[&f.branch, &f.skill, &f.since, &weeks])?
        .iter()
        .map(|row| Idle {
            branch: row.get(0),
            trainee: row.get(1),
            name: row.get(2),
            last_run: row.get(3),
        })
        .collect();
    let meetings_sql = format!(
        "/* meetings */ SELECT c.branch, b.name, sum(meetings)::int8, sum(trainees)::int8,
                to_char(max(day), 'YYYY-MM-DD')
         FROM (SELECT branch, day, meetings, trainees FROM rehearse.meeting_days
               WHERE {KEEP} AND ($4::text IS NULL OR day >= $4::text::date)
               UNION ALL
               SELECT branch, (held_at AT TIME ZONE 'UTC')::date, 1, trainees
               FROM rehearse.meetings
               WHERE $3::text IS NOT NULL AND held_at >= $3::text::timestamptz
                 AND held_at < $4::text::date::timestamp AT TIME ZONE 'UTC'
                 AND ($1::text IS NULL OR branch = $1) AND ($2::text IS NULL OR skill = $2)) c
         LEFT JOIN rehearse.branches b ON b.code = c.branch
         GROUP BY 1, 2 ORDER BY 1"
    );
    let meetings = c
        .query(&meetings_sql, &p[..4])?
        .iter()
        .map(|row| Meetings {
            branch: row.get(0),
            name: row.get(1),
            meetings: row.get(2),
            trainees: row.get(3),
            last: row.get(4),
        })
        .collect();
    Ok(HubReport {
        branch: f.branch.clone(),
        skill: f.skill.clone(),
        since: f.since.clone(),
        idle_weeks: f.idle_weeks,
        by_branch,
        by_skill,
        most_missed,
        most_banned,
        idle,
        meetings,
    })
}
