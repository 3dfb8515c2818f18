//! `rehearse hub report`: the bank-wide figures, each one SQL query over the hub.
//! Filters (branch, skill, since) are applied by the server with the indexes on
//! `(branch, finished_at)`, `(skill, finished_at)` and `(finished_at)`.

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

/// The runs the filter keeps, as a subquery; `$1` branch, `$2` skill, `$3` since.
const RUNS: &str = "SELECT * FROM rehearse.runs
    WHERE ($1::text IS NULL OR branch = $1)
      AND ($2::text IS NULL OR skill = $2)
      AND ($3::text IS NULL OR finished_at >= $3::text::timestamptz)";

fn group_sql(key: &str, name: &str, join: &str) -> String {
    format!(
        "WITH r AS ({RUNS}), edge AS (SELECT max(finished_at) AS t FROM r)
         SELECT {key} AS key, {name} AS name, count(*), count(*) FILTER (WHERE passed),
                round(avg(score), 1)::float8,
                count(DISTINCT (branch, trainee)),
                round(100.0 * count(*) FILTER (WHERE passed AND finished_at > edge.t - interval '28 days')
                      / nullif(count(*) FILTER (WHERE finished_at > edge.t - interval '28 days'), 0), 1)::float8,
                round(100.0 * count(*) FILTER (WHERE passed AND finished_at <= edge.t - interval '28 days'
                                               AND finished_at > edge.t - interval '56 days')
                      / nullif(count(*) FILTER (WHERE finished_at <= edge.t - interval '28 days'
                                                AND finished_at > edge.t - interval '56 days'), 0), 1)::float8
         FROM r CROSS JOIN edge {join}
         GROUP BY 1, 2 ORDER BY 1"
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
    column: &str,
    p: &[&(dyn postgres::types::ToSql + Sync)],
) -> Result<Vec<Count>, postgres::Error> {
    let sql = format!(
        "WITH r AS ({RUNS}) SELECT item, count(*) FROM r, unnest(r.{column}) AS item
         GROUP BY item ORDER BY 2 DESC, 1 LIMIT $4"
    );
    Ok(c.query(&sql, p)?
        .iter()
        .map(|row| Count {
            item: row.get(0),
            count: row.get(1),
        })
        .collect())
}

pub fn build(c: &mut impl GenericClient, f: &Filter) -> Result<HubReport, postgres::Error> {
    let p: [&(dyn postgres::types::ToSql + Sync); 4] = [&f.branch, &f.skill, &f.since, &f.top];
    let by_branch = groups(
        c,
        &group_sql(
            "r.branch",
            "b.name",
            "LEFT JOIN rehearse.branches b ON b.code = r.branch",
        ),
        &p[..3],
    )?;
    let by_skill = groups(c, &group_sql("r.skill", "NULL::text", ""), &p[..3])?;
    let most_missed = counts(c, "missed", &p)?;
    let most_banned = counts(c, "banned", &p)?;
    let idle_sql = format!(
        "WITH r AS ({RUNS})
         SELECT branch, trainee, max(trainee_name), to_char(max(finished_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
         FROM r GROUP BY branch, trainee
         HAVING max(finished_at) < now() - make_interval(weeks => $4::int)
         ORDER BY max(finished_at), 1, 2 LIMIT 1000"
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
    let meetings_sql = "SELECT m.branch, b.name, count(*), coalesce(sum(m.trainees), 0)::int8,
            to_char(max(m.held_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD')
         FROM rehearse.meetings m LEFT JOIN rehearse.branches b ON b.code = m.branch
         WHERE ($1::text IS NULL OR m.branch = $1) AND ($2::text IS NULL OR m.skill = $2)
           AND ($3::text IS NULL OR m.held_at >= $3::text::timestamptz)
         GROUP BY 1, 2 ORDER BY 1";
    let meetings = c
        .query(meetings_sql, &p[..3])?
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
