-- H2 twin of the PostgreSQL migration; keep them in step.
-- The run journal (issue 20): each finished step of a run's chain of attempts (a task's attempts share the task's id,
-- a sync or streamed run is a chain of its own id), so that a retried attempt replays it instead of paying for or
-- executing it again. A step's key is (iteration, position, kind): position 0 is the iteration's model call, n the
-- n-th tool call of its reply; the first write of a key wins. Written only while the writer holds its task's lease.
create table run_journal (
    journal_id         varchar(64)  not null,
    iteration          integer      not null,
    position           integer      not null,
    kind               varchar(16)  not null,
    run_id             varchar(64)  not null,
    user_id            varchar(200),
    written_at         timestamp with time zone not null,
    -- a model call: its reply (a LangChain4j AiMessage as JSON) and what it used
    reply              clob,
    model              varchar(200),
    finish_reason      varchar(32),
    input_tokens       bigint,
    output_tokens      bigint,
    cache_read_tokens  bigint,
    cache_write_tokens bigint,
    cost_usd           numeric(24, 10),
    -- a model call's latency, or a tool call's duration
    duration_ms        bigint,
    -- a tool call
    call_id            varchar(200),
    tool               varchar(200),
    arguments          clob,
    result             clob,
    error              clob,
    primary key (journal_id, iteration, position, kind)
);
create index run_journal_user on run_journal (user_id);
create index run_journal_written on run_journal (written_at);
-- GET /runs: a user's runs (everybody's go by the primary key) newest first, paged by run id (time-ordered ids)
create index runs_user_run on runs (user_id, run_id);
