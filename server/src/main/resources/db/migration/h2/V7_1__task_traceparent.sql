-- H2 twin of the PostgreSQL migration; keep them in step.
-- The W3C traceparent of the request that enqueued a task, so that its runs continue that trace.
alter table tasks add column traceparent varchar(128);
