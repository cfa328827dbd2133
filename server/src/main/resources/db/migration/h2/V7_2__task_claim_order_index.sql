-- H2 twin of the PostgreSQL migration; keep them in step.
-- Claims read queued tasks in (run_after, created_at) order and stop at the batch size: an index in exactly
-- that order lets them stop early instead of sorting every queued task first (quadratic with a long queue).
create index tasks_claim_order on tasks (status, run_after, created_at);
drop index tasks_claimable;
