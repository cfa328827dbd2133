-- H2 twin of the PostgreSQL migration; keep them in step.
-- Schedules: an agent run as a background task on every tick of a cron expression. next_run_at is the
-- next tick due; a tick's task is enqueued with an idempotency key derived from (schedule, tick) before
-- next_run_at moves past it (conditionally), so each tick makes exactly one task whatever the number of
-- processes, and a process that dies in between leaves the tick to be enqueued (once) by the next one.
create table schedules (
    schedule_id  varchar(64)   primary key,
    user_id      varchar(200)  not null,
    cron         varchar(200)  not null,
    time_zone    varchar(100)  not null,
    agent        varchar(100)  not null,
    message      clob          not null,
    webhook_url  varchar(2000),
    api_key      varchar(200),
    catch_up     varchar(8)    not null,
    paused       boolean       not null,
    next_run_at  timestamp with time zone not null,
    last_run_at  timestamp with time zone,
    last_task_id varchar(64),
    created_at   timestamp with time zone not null,
    updated_at   timestamp with time zone not null
);
create index schedules_due on schedules (paused, next_run_at);
create index schedules_user_created on schedules (user_id, created_at, schedule_id);

-- Tasks and runs a schedule made name it; the ledger can filter and group by it.
alter table tasks add column schedule_id varchar(64);
alter table runs add column schedule_id varchar(64);
create index runs_schedule_created on runs (schedule_id, created_at);
