-- Runs: one row per run, sync or background, successful or not. The usage ledger reads it.
create table runs (
    run_id             varchar(64)  primary key,
    user_id            varchar(200) not null,
    session_id         varchar(200),
    agent              varchar(100) not null,
    model              varchar(200) not null,
    mode               varchar(16)  not null,
    status             varchar(16)  not null,
    success            boolean      not null,
    error              varchar(2000),
    iterations         integer      not null,
    tool_calls         integer      not null,
    input_tokens       bigint       not null,
    output_tokens      bigint       not null,
    cache_read_tokens  bigint       not null,
    cache_write_tokens bigint       not null,
    cost_usd           numeric(24, 10),
    latency_ms         bigint       not null,
    created_at         timestamp with time zone not null,
    finished_at        timestamp with time zone
);
create index runs_user_created on runs (user_id, created_at);
create index runs_created on runs (created_at);

-- Sessions belong to the user who started them.
create table sessions (
    session_id varchar(200) primary key,
    user_id    varchar(200) not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);

-- The whole history of a session, one LangChain4j message (JSON) per row, in id order.
create table session_messages (
    id         bigint generated always as identity primary key,
    session_id varchar(200) not null references sessions (session_id) on delete cascade,
    message    text         not null,
    created_at timestamp with time zone not null
);
create index session_messages_session on session_messages (session_id, id);
