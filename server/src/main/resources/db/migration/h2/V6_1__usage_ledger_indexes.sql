-- Cost estimates read an agent's most recent runs; the usage ledger groups runs by time range (the
-- (user_id, created_at) and (created_at) indexes of V1 serve it).
create index runs_agent_created on runs (agent, created_at);
