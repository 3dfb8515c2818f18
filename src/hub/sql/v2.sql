-- Summaries of the runs and meetings, which the report reads instead of the raw
-- rows. Statement triggers keep them in the transaction of the insert that lands
-- the rows (a push, an import, any INSERT), so they never disagree with them; rows
-- already on the hub are summarised here. Days and months are UTC ones; a run
-- without a skill is summarised under the skill ''.

-- Per branch, skill and day: runs, passed runs and the sum of their scores.
CREATE TABLE rehearse.run_days (
    branch    text NOT NULL,
    skill     text NOT NULL,
    day       date NOT NULL,
    runs      bigint NOT NULL,
    passed    bigint NOT NULL,
    score_sum bigint NOT NULL,
    PRIMARY KEY (branch, skill, day)
);
-- Covering, so the last 56 days are read from the index alone.
CREATE INDEX run_days_by_day ON rehearse.run_days (day) INCLUDE (branch, skill, runs, passed);

-- The same per month (`month` is its first day): what a report over many months
-- reads, while days serve the start of a `--since` and the last 56 days.
CREATE TABLE rehearse.run_months (
    branch    text NOT NULL,
    skill     text NOT NULL,
    month     date NOT NULL,
    runs      bigint NOT NULL,
    passed    bigint NOT NULL,
    score_sum bigint NOT NULL,
    PRIMARY KEY (branch, skill, month)
);

-- Per branch, skill, day, kind ('missed' or 'banned') and item: how many runs
-- missed the item or hit the phrase.
CREATE TABLE rehearse.item_days (
    branch text NOT NULL,
    skill  text NOT NULL,
    day    date NOT NULL,
    kind   text NOT NULL CHECK (kind IN ('missed', 'banned')),
    item   text NOT NULL,
    runs   bigint NOT NULL,
    PRIMARY KEY (branch, skill, day, kind, item)
);
CREATE INDEX item_days_by_day ON rehearse.item_days (day) INCLUDE (branch, skill, kind, item, runs);

CREATE TABLE rehearse.item_months (
    branch text NOT NULL,
    skill  text NOT NULL,
    month  date NOT NULL,
    kind   text NOT NULL CHECK (kind IN ('missed', 'banned')),
    item   text NOT NULL,
    runs   bigint NOT NULL,
    PRIMARY KEY (kind, branch, skill, month, item)
);

-- Per trainee and skill: the last run, the name (when the branch sends names) and
-- how many runs.
CREATE TABLE rehearse.trainee_skills (
    branch   text NOT NULL,
    trainee  text NOT NULL,
    skill    text NOT NULL,
    name     text,
    last_run timestamptz NOT NULL,
    runs     bigint NOT NULL,
    PRIMARY KEY (branch, trainee, skill)
);

-- Per branch, skill and day: meetings held and the trainees who took part.
CREATE TABLE rehearse.meeting_days (
    branch   text NOT NULL,
    skill    text NOT NULL,
    day      date NOT NULL,
    meetings bigint NOT NULL,
    trainees bigint NOT NULL,
    PRIMARY KEY (branch, skill, day)
);
CREATE INDEX meeting_days_by_day ON rehearse.meeting_days (day);

-- The statements that add the runs of `source` (a table or a trigger's transition
-- table) to the summaries; one text, so the trigger and the backfill below are
-- the same SQL. Each statement locks its rows in key order, so two pushes of one
-- branch at once wait for each other rather than deadlock.
CREATE FUNCTION rehearse.run_summaries(source text) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT ARRAY[
    format($$INSERT INTO rehearse.run_days AS t (branch, skill, day, runs, passed, score_sum)
        SELECT branch, coalesce(skill, ''), (finished_at AT TIME ZONE 'UTC')::date,
               count(*), count(*) FILTER (WHERE passed), sum(score)
        FROM %1$s GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (branch, skill, day) DO UPDATE SET runs = t.runs + excluded.runs,
            passed = t.passed + excluded.passed, score_sum = t.score_sum + excluded.score_sum$$,
        source),
    format($$INSERT INTO rehearse.run_months AS t (branch, skill, month, runs, passed, score_sum)
        SELECT branch, coalesce(skill, ''),
               date_trunc('month', finished_at AT TIME ZONE 'UTC')::date,
               count(*), count(*) FILTER (WHERE passed), sum(score)
        FROM %1$s GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (branch, skill, month) DO UPDATE SET runs = t.runs + excluded.runs,
            passed = t.passed + excluded.passed, score_sum = t.score_sum + excluded.score_sum$$,
        source),
    format($$INSERT INTO rehearse.item_days AS t (branch, skill, day, kind, item, runs)
        SELECT branch, coalesce(skill, ''), (finished_at AT TIME ZONE 'UTC')::date, kind, item,
               count(*)
        FROM (SELECT branch, skill, finished_at, 'missed' AS kind, unnest(missed) AS item
              FROM %1$s
              UNION ALL
              SELECT branch, skill, finished_at, 'banned', unnest(banned) FROM %1$s) x
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (branch, skill, day, kind, item) DO UPDATE SET runs = t.runs + excluded.runs$$,
        source),
    format($$INSERT INTO rehearse.item_months AS t (branch, skill, month, kind, item, runs)
        SELECT branch, coalesce(skill, ''),
               date_trunc('month', finished_at AT TIME ZONE 'UTC')::date, kind, item, count(*)
        FROM (SELECT branch, skill, finished_at, 'missed' AS kind, unnest(missed) AS item
              FROM %1$s
              UNION ALL
              SELECT branch, skill, finished_at, 'banned', unnest(banned) FROM %1$s) x
        GROUP BY 1, 2, 3, 4, 5 ORDER BY 4, 1, 2, 3, 5
        ON CONFLICT (kind, branch, skill, month, item) DO UPDATE SET runs = t.runs + excluded.runs$$,
        source),
    format($$INSERT INTO rehearse.trainee_skills AS t (branch, trainee, skill, name, last_run, runs)
        SELECT branch, trainee, coalesce(skill, ''), max(trainee_name), max(finished_at), count(*)
        FROM %1$s GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (branch, trainee, skill) DO UPDATE SET name = greatest(t.name, excluded.name),
            last_run = greatest(t.last_run, excluded.last_run), runs = t.runs + excluded.runs$$,
        source)
] $fn$;

CREATE FUNCTION rehearse.meeting_summaries(source text) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    SET search_path = pg_catalog, pg_temp
AS $fn$ SELECT ARRAY[
    format($$INSERT INTO rehearse.meeting_days AS t (branch, skill, day, meetings, trainees)
        SELECT branch, coalesce(skill, ''), (held_at AT TIME ZONE 'UTC')::date, count(*),
               sum(trainees)
        FROM %1$s GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (branch, skill, day) DO UPDATE SET meetings = t.meetings + excluded.meetings,
            trainees = t.trainees + excluded.trainees$$,
        source)
] $fn$;

-- The triggers run as the hub's owner: a branch role cannot write a summary
-- itself, only through the runs and meetings it may insert.
CREATE FUNCTION rehearse.summarise_runs() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    statement text;
BEGIN
    FOREACH statement IN ARRAY rehearse.run_summaries('new_runs') LOOP
        EXECUTE statement;
    END LOOP;
    RETURN NULL;
END $fn$;

CREATE FUNCTION rehearse.summarise_meetings() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    statement text;
BEGIN
    FOREACH statement IN ARRAY rehearse.meeting_summaries('new_meetings') LOOP
        EXECUTE statement;
    END LOOP;
    RETURN NULL;
END $fn$;

REVOKE ALL ON FUNCTION rehearse.summarise_runs(), rehearse.summarise_meetings(),
    rehearse.run_summaries(text), rehearse.meeting_summaries(text) FROM PUBLIC;

CREATE TRIGGER summarise AFTER INSERT ON rehearse.runs
    REFERENCING NEW TABLE AS new_runs
    FOR EACH STATEMENT EXECUTE FUNCTION rehearse.summarise_runs();
CREATE TRIGGER summarise AFTER INSERT ON rehearse.meetings
    REFERENCING NEW TABLE AS new_meetings
    FOR EACH STATEMENT EXECUTE FUNCTION rehearse.summarise_meetings();

DO $$
DECLARE
    statement text;
BEGIN
    FOREACH statement IN ARRAY rehearse.run_summaries('rehearse.runs')
        || rehearse.meeting_summaries('rehearse.meetings') LOOP
        EXECUTE statement;
    END LOOP;
END $$;
ANALYZE rehearse.run_days, rehearse.run_months, rehearse.item_days, rehearse.item_months,
    rehearse.trainee_skills, rehearse.meeting_days;

-- Each branch role reads its own branch's summaries, the head office all of them;
-- nobody but the owner writes them.
DO $$
DECLARE
    summary text;
BEGIN
    FOREACH summary IN ARRAY ARRAY['run_days', 'run_months', 'item_days', 'item_months',
                                   'trainee_skills', 'meeting_days'] LOOP
        EXECUTE format('GRANT SELECT ON rehearse.%I TO rehearse_office, rehearse_branch',
                       summary);
        EXECUTE format('ALTER TABLE rehearse.%I ENABLE ROW LEVEL SECURITY', summary);
        EXECUTE format('CREATE POLICY own_branch ON rehearse.%I FOR SELECT TO rehearse_branch
                            USING (branch = (SELECT rehearse.my_branch()))', summary);
        EXECUTE format('CREATE POLICY office_reads ON rehearse.%I FOR SELECT TO rehearse_office
                            USING (true)', summary);
    END LOOP;
END $$;
