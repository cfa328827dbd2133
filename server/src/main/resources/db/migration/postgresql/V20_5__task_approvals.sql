-- A task interrupted for approval keeps the tool calls that wait (and, once resumed, the decisions on them) as
-- JSON, and the deadline of that approval, which the approval janitor finds expired approvals by.
alter table tasks add column interruption text;
alter table tasks add column approval_deadline timestamp with time zone;
create index tasks_approval_deadline on tasks (status, approval_deadline);
