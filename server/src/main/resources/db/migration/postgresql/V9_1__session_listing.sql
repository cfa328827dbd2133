-- GET /sessions lists a user's sessions (or, for an admin, everybody's) newest first, paged by (created_at,
-- session_id); erasing a user deletes their sessions by user_id. Indexes only, so old and new processes can
-- share the schema during a rolling upgrade.
create index sessions_user_created on sessions (user_id, created_at, session_id);
create index sessions_created on sessions (created_at, session_id);
