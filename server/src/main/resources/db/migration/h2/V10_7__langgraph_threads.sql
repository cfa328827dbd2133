-- H2 twin of the PostgreSQL migration; keep them in step.
-- LangGraph API (issue 19): threads exist from their creation (a session only from its first message) and
-- carry metadata; runs are kept per thread, and those not yet handed to the task queue (after_seconds, or
-- enqueued behind the thread's run) wait here with dispatch = 'waiting' until a dispatcher moves them,
-- conditionally, to 'submitted' after enqueueing their task (of the same id).
create table langgraph_threads (
    thread_id   varchar(200)  primary key,
    user_id     varchar(200)  not null,
    metadata    clob          not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null
);
create index langgraph_threads_user_created on langgraph_threads (user_id, created_at, thread_id);

create table langgraph_runs (
    run_id             varchar(64)   primary key,
    thread_id          varchar(200)  not null,
    user_id            varchar(200)  not null,
    assistant_id       varchar(200),
    agent              varchar(200),
    message            clob          not null,
    metadata           clob          not null,
    multitask_strategy varchar(16),
    stateless          boolean       not null,
    webhook_url        varchar(2000),
    api_key            varchar(200),
    created_at         timestamp with time zone not null,
    not_before         timestamp with time zone not null,
    dispatch           varchar(16)   not null,
    stream_modes       varchar(200)
);
create index langgraph_runs_thread_created on langgraph_runs (thread_id, created_at, run_id);
create index langgraph_runs_due on langgraph_runs (dispatch, not_before);
create index langgraph_runs_user on langgraph_runs (user_id);

-- a cron's ticking is the Agentry schedule of the same id; this is what each of its runs is asked
create table langgraph_crons (
    cron_id      varchar(64)   primary key,
    user_id      varchar(200)  not null,
    assistant_id varchar(200)  not null,
    thread_id    varchar(200),
    schedule     varchar(200)  not null,
    payload      clob          not null,
    metadata     clob          not null,
    end_time     timestamp with time zone,
    created_at   timestamp with time zone not null,
    updated_at   timestamp with time zone not null
);
create index langgraph_crons_user_created on langgraph_crons (user_id, created_at, cron_id);
