package io.agentry.server.redis;

import io.agentry.events.EventFanout;
import io.agentry.events.EventLog;
import io.agentry.events.EventPage;
import io.agentry.events.EventSubscription;
import io.agentry.events.StoredEvent;
import io.agentry.events.StreamInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * The event log of the distributed mode, shared by every replica: a Redis Stream per event stream
 * ({@code <prefix>events:{id}}, entry ids {@code 0-<event id>}) beside a hash
 * ({@code <prefix>events:{id}:meta}: owner, last id, finished, finish-by). Both expire {@code retention} after the
 * stream's latest write. The braces keep a stream's keys in one Redis Cluster slot.
 *
 * <p>Cost: an append is one script call (HINCRBY, XADD, two PEXPIREs and a PUBLISH of the event on
 * {@code <prefix>events-live:<id>}) in one round trip. Live delivery needs no connection per client: each
 * process subscribes, on the one pub/sub connection of its {@link RedisMessageListenerContainer}, to the
 * channels of the streams its own clients follow, and fans the events out in memory
 * ({@link EventFanout}). A client catches up with XRANGE pages; pub/sub is at-most-once, so a gap in the
 * ids, or a quiet heartbeat interval, sends it back to XRANGE for anything it missed. No blocking XREAD,
 * no consumer groups, nothing to acknowledge or clean up.
 */
public final class RedisEventLog implements EventLog, MessageListener {

    private static final Logger log = LoggerFactory.getLogger(RedisEventLog.class);

    /** ARGV: owner, retention (ms), finish-by (epoch ms, or empty for none). */
    private static final RedisScript<Long> OPEN = RedisScript.of("""
            local owner = redis.call('HGET', KEYS[1], 'owner')
            if owner and owner ~= ARGV[1] then return 0 end
            if not owner then
              redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'last', 0)
              if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'finish_by', ARGV[3]) end
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[2])
            return 1
            """, Long.class);

    /** Returns the new event's id, -1 for a stream not open, -2 for a finished one. */
    private static final RedisScript<Long> APPEND = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
            if redis.call('HEXISTS', KEYS[1], 'finished') == 1 then return -2 end
            local id = redis.call('HINCRBY', KEYS[1], 'last', 1)
            redis.call('XADD', KEYS[2], '0-' .. id, 't', ARGV[1], 'd', ARGV[2])
            if ARGV[3] == '1' then redis.call('HSET', KEYS[1], 'finished', '1') end
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('PEXPIRE', KEYS[2], ARGV[4])
            redis.call('PUBLISH', ARGV[5], id .. '\\n' .. ARGV[3] .. '\\n' .. ARGV[1] .. '\\n' .. ARGV[2])
            return id
            """, Long.class);

    /** {finished, last id, entries} in one consistent snapshot; {} for a stream that does not exist. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> READ = RedisScript.of("""
            local meta = redis.call('HMGET', KEYS[1], 'last', 'finished')
            if not meta[1] then return {} end
            local entries = redis.call('XRANGE', KEYS[2], '0-' .. ARGV[1], '+', 'COUNT', ARGV[2])
            return {meta[2] and '1' or '0', meta[1], entries}
            """, List.class);

    /** Deletes both keys of a stream that belongs to ARGV[1]; returns 1 if it did. */
    private static final RedisScript<Long> DELETE = RedisScript.of("""
            if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
            redis.call('DEL', KEYS[1], KEYS[2])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final AgentryRedisProperties keys;
    private final String retentionMillis;
    private final String channelPrefix;
    private final EventFanout fanout;

    public RedisEventLog(StringRedisTemplate redis, RedisMessageListenerContainer listeners,
                         AgentryRedisProperties keys, Duration retention) {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive");
        }
        this.redis = redis;
        this.keys = keys;
        this.retentionMillis = Long.toString(retention.toMillis());
        this.channelPrefix = keys.key("events-live:");
        this.fanout = new EventFanout(this::read, new EventFanout.Channel() {
            @Override
            public void activate(String streamId) {
                // returns once Redis confirmed the subscription
                listeners.addMessageListener(RedisEventLog.this, topic(streamId));
            }

            @Override
            public void deactivate(String streamId) {
                listeners.removeMessageListener(RedisEventLog.this, topic(streamId));
            }
        });
        // a channel nobody publishes on, held for good: the container closes its connection when its last
        // channel goes, and every stream that follows would then pay for a reconnect
        listeners.addMessageListener(this, new ChannelTopic(keys.key("events-live")));
    }

    private String streamKey(String streamId) {
        return keys.key("events:{" + streamId + "}");
    }

    private String metaKey(String streamId) {
        return keys.key("events:{" + streamId + "}:meta");
    }

    private ChannelTopic topic(String streamId) {
        return new ChannelTopic(channelPrefix + streamId);
    }

    @Override
    public void open(String streamId, String ownerUserId, Instant finishBy) {
        Long opened = redis.execute(OPEN, List.of(metaKey(streamId), streamKey(streamId)), ownerUserId, retentionMillis,
                finishBy == null ? "" : Long.toString(finishBy.toEpochMilli()));
        if (opened == null || opened != 1) {
            throw new IllegalStateException("event stream " + streamId + " belongs to another user");
        }
    }

    @Override
    public long append(String streamId, String type, String data, boolean last) {
        Long id = redis.execute(APPEND, List.of(metaKey(streamId), streamKey(streamId)),
                type, data, last ? "1" : "0", retentionMillis, channelPrefix + streamId);
        if (id == null || id == -1) {
            throw new IllegalStateException("event stream " + streamId + " is not open");
        }
        if (id == -2) {
            throw new IllegalStateException("event stream " + streamId + " is finished");
        }
        return id;
    }

    @Override
    public Optional<StreamInfo> describe(String streamId) {
        List<Object> meta = redis.opsForHash().multiGet(metaKey(streamId), List.of("owner", "last", "finished", "finish_by"));
        if (meta.get(0) == null) {
            return Optional.empty();
        }
        Instant finishBy = meta.get(3) == null ? null : Instant.ofEpochMilli(Long.parseLong((String) meta.get(3)));
        return Optional.of(new StreamInfo(streamId, (String) meta.get(0), Long.parseLong((String) meta.get(1)),
                meta.get(2) != null, finishBy));
    }

    @Override
    public EventPage read(String streamId, long afterId, int limit) {
        List<?> result = redis.execute(READ, List.of(metaKey(streamId), streamKey(streamId)),
                Long.toString(afterId + 1), Integer.toString(Math.max(limit, 1)));
        if (result == null || result.isEmpty()) {
            return new EventPage(List.of(), true);
        }
        boolean finished = "1".equals(result.get(0));
        long lastId = Long.parseLong((String) result.get(1));
        List<StoredEvent> events = new ArrayList<>();
        for (Object entry : (List<?>) result.get(2)) {
            List<?> idAndFields = (List<?>) entry;
            events.add(event((String) idAndFields.get(0), (List<?>) idAndFields.get(1)));
        }
        long reached = events.isEmpty() ? afterId : events.getLast().id();
        return new EventPage(events, finished && reached >= lastId);
    }

    private static StoredEvent event(String entryId, List<?> fields) {
        String type = null;
        String data = null;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            switch ((String) fields.get(i)) {
                case "t" -> type = (String) fields.get(i + 1);
                case "d" -> data = (String) fields.get(i + 1);
                default -> {
                }
            }
        }
        return new StoredEvent(Long.parseLong(entryId.substring(entryId.indexOf('-') + 1)), type, data);
    }

    /**
     * One script call per stream (a stream's two keys share a cluster slot, different streams do not). Followers of
     * a deleted stream on any replica hear nothing more; its writer's next append fails as for a stream never opened.
     */
    @Override
    public int delete(String ownerUserId, Collection<String> streamIds) {
        int deleted = 0;
        for (String streamId : streamIds) {
            Long result = redis.execute(DELETE, List.of(metaKey(streamId), streamKey(streamId)), ownerUserId);
            if (result != null && result == 1) {
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public EventSubscription subscribe(String streamId, long afterId, int bufferSize) {
        return fanout.subscribe(streamId, afterId, bufferSize);
    }

    /** A live event from any replica: {@code id \n final \n type \n data} on the stream's channel. */
    @Override
    public void onMessage(Message message, byte[] pattern) {
        String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
        if (!channel.startsWith(channelPrefix)) {
            return;
        }
        String streamId = channel.substring(channelPrefix.length());
        String[] parts = new String(message.getBody(), StandardCharsets.UTF_8).split("\n", 4);
        if (parts.length < 4) {
            log.warn("ignoring a malformed live event on {}", channel);
            return;
        }
        long id = Long.parseLong(parts[0]);
        fanout.publish(streamId, new StoredEvent(id, parts[2], parts[3]));
        if ("1".equals(parts[1])) {
            fanout.finished(streamId, id);
        }
    }
}
