-- H2 twin of the PostgreSQL migration; keep them in step.
-- Long-term memory: items per user, addressed by (user_id, namespace, item_key).
create table memories (
    user_id     varchar(200) not null,
    namespace   varchar(100) not null,
    item_key    varchar(200) not null,
    value_json  clob         not null,
    search_text clob         not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    expires_at  timestamp with time zone,
    primary key (user_id, namespace, item_key)
);
create index memories_expiry on memories (expires_at);

-- H2 has no tsvector: search uses this inverted index of each item's words (io.agentry.memory.SearchTerms),
-- written with the item, and ranks by distinct query words matched, then their occurrences.
create table memory_terms (
    user_id     varchar(200) not null,
    namespace   varchar(100) not null,
    item_key    varchar(200) not null,
    term        varchar(100) not null,
    occurrences integer      not null,
    primary key (user_id, namespace, item_key, term),
    foreign key (user_id, namespace, item_key) references memories (user_id, namespace, item_key) on delete cascade
);
create index memory_terms_lookup on memory_terms (user_id, term);
