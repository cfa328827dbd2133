-- Long-term memory: items per user, addressed by (user_id, namespace, item_key). Names and keys are
-- ASCII and sorted bytewise (collation "C"), as listings page by key.
create table memories (
    user_id       varchar(200) not null,
    namespace     varchar(100) collate "C" not null,
    item_key      varchar(200) collate "C" not null,
    value_json    text         not null,
    search_text   text         not null,
    -- full-text search: English stemming and stop words, ranked with ts_rank
    search_vector tsvector generated always as (to_tsvector('english', search_text)) stored,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null,
    expires_at    timestamp with time zone,
    primary key (user_id, namespace, item_key)
);
create index memories_search on memories using gin (search_vector);
create index memories_expiry on memories (expires_at) where expires_at is not null;
