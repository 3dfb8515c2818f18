CREATE SCHEMA rehearse;

CREATE TABLE rehearse.meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE rehearse.branches (
    code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_]{1,40}$'),
    name text,
    role name UNIQUE
);

CREATE TABLE rehearse.runs (
    uuid          uuid PRIMARY KEY,
    branch        text NOT NULL REFERENCES rehearse.branches (code),
    trainee       text NOT NULL,
    trainee_name  text,
    scenario_id   text NOT NULL,
    skill         text,
    scenario_hash text NOT NULL,
    seed          bigint NOT NULL,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    score         smallint NOT NULL CHECK (score BETWEEN 0 AND 255),
    passed        boolean NOT NULL,
    walked_out    boolean NOT NULL,
    meeting_uuid  uuid,
    missed        text[] NOT NULL DEFAULT '{}',
    banned        text[] NOT NULL DEFAULT '{}',
    steps         jsonb NOT NULL DEFAULT '[]',
    received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX runs_by_branch ON rehearse.runs (branch, finished_at);
CREATE INDEX runs_by_skill ON rehearse.runs (skill, finished_at);
CREATE INDEX runs_by_time ON rehearse.runs (finished_at);
CREATE INDEX runs_by_trainee ON rehearse.runs (branch, trainee, finished_at);

CREATE TABLE rehearse.meetings (
    uuid        uuid PRIMARY KEY,
    branch      text NOT NULL REFERENCES rehearse.branches (code),
    local_id    text NOT NULL,
    scenario_id text NOT NULL,
    skill       text,
    held_at     timestamptz NOT NULL,
    trainees    integer NOT NULL CHECK (trainees >= 0)
);
CREATE INDEX meetings_by_branch ON rehearse.meetings (branch, held_at);

-- The branch of the role running the query; NULL for any other role.
CREATE FUNCTION rehearse.my_branch() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT code FROM rehearse.branches WHERE role = current_user $$;

DO $$ BEGIN
    CREATE ROLE rehearse_office NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
    CREATE ROLE rehearse_branch NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

GRANT USAGE ON SCHEMA rehearse TO rehearse_office, rehearse_branch;
GRANT EXECUTE ON FUNCTION rehearse.my_branch() TO rehearse_office, rehearse_branch;
GRANT SELECT ON rehearse.meta, rehearse.branches, rehearse.runs, rehearse.meetings
    TO rehearse_office, rehearse_branch;
GRANT INSERT ON rehearse.runs, rehearse.meetings TO rehearse_branch;
GRANT UPDATE (name) ON rehearse.branches TO rehearse_branch;

ALTER TABLE rehearse.runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE rehearse.meetings ENABLE ROW LEVEL SECURITY;
ALTER TABLE rehearse.branches ENABLE ROW LEVEL SECURITY;

CREATE POLICY own_branch ON rehearse.runs TO rehearse_branch
    USING (branch = rehearse.my_branch()) WITH CHECK (branch = rehearse.my_branch());
CREATE POLICY office_reads ON rehearse.runs FOR SELECT TO rehearse_office USING (true);
CREATE POLICY own_branch ON rehearse.meetings TO rehearse_branch
    USING (branch = rehearse.my_branch()) WITH CHECK (branch = rehearse.my_branch());
CREATE POLICY office_reads ON rehearse.meetings FOR SELECT TO rehearse_office USING (true);
CREATE POLICY anyone_reads ON rehearse.branches FOR SELECT USING (true);
CREATE POLICY names_itself ON rehearse.branches FOR UPDATE TO rehearse_branch
    USING (role = current_user) WITH CHECK (role = current_user);
