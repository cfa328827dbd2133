-- Background tasks: the queue of record. A task row is committed before the client hears "queued";
-- workers claim rows with a lease (FOR UPDATE SKIP LOCKED), renew it while they work, and write the
-- result only while they still hold it (lease_token is the fencing token).
create table tasks (
    task_id          varchar(64)   primary key,
    user_id          varchar(200)  not null,
    agent            varchar(100),
    session_id       varchar(200),
    message          text          not null,
    max_tokens       bigint,
    max_cost_usd     numeric(24, 10),
    metadata         text,
    webhook_url      varchar(2000),
    api_key          varchar(200),
    idempotency_key  varchar(200),
    request_hash     varchar(64),
    status           varchar(16)   not null,
    attempts         integer       not null,
    max_retries      integer       not null,
    run_after        timestamp with time zone not null,
    lease_owner      varchar(200),
    lease_token      varchar(64),
    lease_expires_at timestamp with time zone,
    cancel_requested boolean       not null,
    result           text,
    error            varchar(2000),
    created_at       timestamp with time zone not null,
    started_at       timestamp with time zone,
    finished_at      timestamp with time zone
);
-- NULL keys are distinct, so only tasks sent with an Idempotency-Key are constrained
create unique index tasks_idempotency on tasks (user_id, idempotency_key);
create index tasks_claimable on tasks (status, run_after);
create index tasks_user_created on tasks (user_id, created_at, task_id);
create index tasks_lease_expiry on tasks (status, lease_expires_at);

-- Webhook deliveries: an outbox written in the same transaction as the task's final state.
create table webhook_deliveries (
    delivery_id     varchar(64)   primary key,
    task_id         varchar(64)   not null references tasks (task_id) on delete cascade,
    url             varchar(2000) not null,
    status          varchar(16)   not null,
    attempts        integer       not null,
    next_attempt_at timestamp with time zone not null,
    claimed_until   timestamp with time zone,
    last_error      varchar(500),
    created_at      timestamp with time zone not null,
    delivered_at    timestamp with time zone
);
create index webhook_deliveries_due on webhook_deliveries (status, next_attempt_at);

alter table runs add column task_id varchar(64);
create index runs_task on runs (task_id);
