-- LangGraph API (issue 19): assistants made through the API, every version kept. langgraph_assistants holds the
-- owner and the current version; a new version is numbered under a lock on its assistant's row.
create table langgraph_assistants (
    assistant_id    varchar(200)  primary key,
    user_id         varchar(200)  not null,
    current_version integer       not null,
    created_at      timestamp with time zone not null
);
create index langgraph_assistants_user_created on langgraph_assistants (user_id, created_at, assistant_id);

create table langgraph_assistant_versions (
    assistant_id varchar(200)  not null,
    version      integer       not null,
    graph_id     varchar(200)  not null,
    name         varchar(500),
    description  text,
    config       text          not null,
    context      text          not null,
    metadata     text          not null,
    created_at   timestamp with time zone not null,
    primary key (assistant_id, version)
);
