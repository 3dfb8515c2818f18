#!/usr/bin/env bash
# The hub's report on a big hub: starts a throwaway PostgreSQL server (a Unix
# socket in a temporary folder, removed at the end), lets `rehearse hub init` make
# the schema, fills it with generated runs in SQL (generate_series, not the CLI),
# and times `rehearse hub report` over them, whole bank and filtered.
#
#   scripts/bench-hub.sh [RUNS]          # default 5000000
#
# REHEARSE_BIN names the binary to time (default: target/release/rehearse, built
# if missing); REPEAT how many times each report runs (default 3, the best shown).
# The server logs every statement's duration, so each query of the report is timed
# on its own too (the last repetition's). Figures are in the README.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5000000}
REPEAT=${REPEAT:-3}
BIN=${REHEARSE_BIN:-target/release/rehearse}
[ -x "$BIN" ] || cargo build --release --bin rehearse

PGBIN=$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | tail -1)
DIR=$(mktemp -d /tmp/rehearse-bench-hub.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
cleanup() { as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$DIR"; }
trap cleanup EXIT

as_pg "$PGBIN/initdb" -U postgres -A trust -E UTF8 --no-locale -D "$DIR/data" >/dev/null
cat >>"$DIR/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$DIR'
shared_buffers = 1GB
work_mem = 64MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
log_min_duration_statement = 0
log_statement = 'none'
log_line_prefix = ''
EOF
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w start >/dev/null
psql() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -U postgres "$@"; }
psql -d postgres -c "CREATE DATABASE bench"
export REHEARSE_HUB="host=$DIR dbname=bench user=postgres"
"$BIN" --lang en hub init >/dev/null

echo "filling the hub with $RUNS runs (1,000 branches, 20,000 trainees)..."
start=$(date +%s)
psql -d bench <<SQL
INSERT INTO rehearse.branches (code, name)
    SELECT 'B' || lpad(b::text, 4, '0'), 'Branch ' || b FROM generate_series(0, 999) b;
INSERT INTO rehearse.runs (uuid, branch, trainee, scenario_id, skill, scenario_hash, seed,
                           started_at, finished_at, score, passed, walked_out, missed, banned, steps)
SELECT gen_random_uuid(),
       'B' || lpad((t % 1000)::text, 4, '0'),
       'E' || lpad(t::text, 6, '0'),
       (ARRAY['spin-lobby-waiting','fab-mobile-banking','objection-fee-too-high','closing-direct-ask',
              'phone-inbound-greeting','counter-busy-window','complaint-long-wait',
              'compliance-no-guarantee'])[1 + s],
       (ARRAY['spin','fab','objection','closing','phone','counter','complaint','compliance'])[1 + s],
       'generated', i, ts - interval '6 minutes', ts, score, score >= 60, false,
       CASE WHEN score < 60 THEN ARRAY[(ARRAY['您好','报出银行','致谢','风险提示','称呼客户','复述号码'])[1 + i % 6]]
            ELSE '{}' END,
       CASE WHEN i % 7 = 0 THEN ARRAY[(ARRAY['你','不知道','不行','保证收益'])[1 + i % 4]] ELSE '{}' END,
       '[]'
FROM (
    SELECT i, i % 20000 AS t, (i / 20000) % 8 AS s, (i * 7919) % 101 AS score,
           -- trainees below 500 stopped practising ten weeks ago
           CASE WHEN i % 20000 < 500 THEN now() - interval '70 days' - (i % 2000000) * interval '1 second'
                ELSE now() - (i * 104729 % 31536000) * interval '1 second' END AS ts
    FROM generate_series(1::int8, $RUNS) i
) g;
INSERT INTO rehearse.meetings (uuid, branch, local_id, scenario_id, skill, held_at, trainees)
SELECT gen_random_uuid(), 'B' || lpad((m % 1000)::text, 4, '0'), 'm' || m, 'objection-fee-too-high',
       'objection', now() - (m % 365) * interval '1 day', 3 + m % 5
FROM generate_series(1, 50000) m;
VACUUM ANALYZE;
SQL
echo "filled in $(( $(date +%s) - start )) s; $(psql -d bench -Atc "SELECT pg_size_pretty(pg_database_size('bench'))") on disk"

time_report() {
    local label=$1; shift
    local best=999999 all=()
    local from
    for _ in $(seq "$REPEAT"); do
        from=$(wc -l <"$DIR/server.log")
        local t0 t1 ms
        t0=$(date +%s%N)
        "$BIN" --lang en hub report --json "$@" >/dev/null
        t1=$(date +%s%N)
        ms=$(( (t1 - t0) / 1000000 ))
        all+=("$ms")
        [ "$ms" -lt "$best" ] && best=$ms
    done
    printf '%-40s %6d ms   (runs: %s ms)\n' "$label" "$best" "${all[*]}"
    # Each statement of the last run, as the server timed it: parse, bind (where an
    # unnamed statement is planned) and execute added up.
    tail -n +"$((from + 1))" "$DIR/server.log" |
        sed -nE 's/^LOG:  duration: ([0-9.]+) ms  ([a-z]+)[^:]*: (.*)$/\1\t\2\t\3/p' |
        awk -F'\t' '{ t += $1 } $2 == "execute" || $2 == "statement" {
            sql = $3; gsub(/[ \t]+/, " ", sql)
            if (t >= 1) printf "    %9.1f ms  %s\n", t, substr(sql, 1, 90)
            t = 0 }'
}
echo
echo "rehearse hub report (best of $REPEAT; every query of the report, then each statement of it)"
time_report "whole bank" 
time_report "--since 30 days ago" --since "$(date -u -d '30 days ago' +%F)"
time_report "--branch B0042" --branch B0042
time_report "--skill phone" --skill phone
time_report "--branch B0042 --since 90 days ago" --branch B0042 --since "$(date -u -d '90 days ago' +%F)"
