package io.agentry.server.langgraph.assistants;

import io.agentry.langgraph.AssistantRecord;
import io.agentry.langgraph.AssistantStore;
import io.agentry.server.agents.AgentCatalog;
import io.agentry.server.langgraph.LangGraphJson;
import io.agentry.server.web.ApiException;
import io.agentry.server.web.Caller;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The assistants: every configured agent is one ({@code graph_id} = the agent's name, a stable id: a name-based UUID
 * of the name, the same on every replica and after every restart, {@code metadata.created_by = "system"}), visible
 * to every key; and the assistants users make through the API ({@link AssistantStore}), each a configured agent with
 * overrides ({@link AssistantAgents}), visible to their user (and to admin and service keys by id). A run may name a
 * configured agent's assistant by its graph id too, as LangGraph Server allows.
 */
@Service
public class Assistants {

    /** What a run needs of its assistant: its id, and the agent it runs (an API-made assistant's agent is its id). */
    public record Resolved(String assistantId, String agent) {
    }

    /** An assistant's content as a client gives it: what create and update take. */
    record Content(String graphId, String name, String description, Map<String, Object> config, Object context,
                   Map<String, Object> metadata) {
    }

    private final AgentCatalog agents;
    private final AssistantStore store;
    private final AssistantAgents overrides;
    private final LangGraphJson json;
    private final Clock clock;
    private final String startedAt;

    Assistants(AgentCatalog agents, AssistantStore store, AssistantAgents overrides, LangGraphJson json, Clock clock) {
        this.agents = agents;
        this.store = store;
        this.overrides = overrides;
        this.json = json;
        this.clock = clock;
        this.startedAt = LangGraphJson.time(clock.instant());
    }

    /** The id of the configured agent's assistant. */
    public static String idOf(String agent) {
        return UUID.nameUUIDFromBytes(("agentry-agent:" + agent).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The assistant named by its id (or a configured agent's graph id) that the caller may use; empty for none. */
    public Optional<Resolved> resolve(String assistantIdOrGraphId, Caller caller) {
        if (assistantIdOrGraphId == null) {
            return Optional.empty();
        }
        Optional<String> configured = configured(assistantIdOrGraphId);
        if (configured.isPresent()) {
            return Optional.of(new Resolved(idOf(configured.get()), configured.get()));
        }
        return store.find(assistantIdOrGraphId).filter(a -> caller.maySee(a.userId()))
                .map(a -> new Resolved(a.assistantId(), a.assistantId()));
    }

    /** Every assistant the user has: the configured agents' first, then the user's own, newest first. */
    List<AssistantView> all(String userId) {
        List<AssistantView> all = new ArrayList<>(agents.names().stream().sorted().map(this::system).toList());
        for (int offset = 0; ; offset += 200) {
            List<AssistantRecord> page = store.list(userId, offset, 200);
            page.forEach(a -> all.add(view(a)));
            if (page.size() < 200) {
                return all;
            }
        }
    }

    Optional<AssistantView> find(String assistantIdOrGraphId, Caller caller) {
        Optional<String> configured = configured(assistantIdOrGraphId);
        if (configured.isPresent()) {
            return Optional.of(system(configured.get()));
        }
        return stored(assistantIdOrGraphId, caller).map(this::view);
    }

    /** Makes an assistant for the user (an id in use: 409, or the existing one with {@code doNothingIfExists}). */
    AssistantView create(String userId, String assistantId, Content content, boolean doNothingIfExists, Caller caller) {
        String id = assistantId == null ? UUID.randomUUID().toString() : assistantId;
        if (configured(id).isPresent()) {
            throw conflict("Assistant " + id + " is a configured agent's");
        }
        var now = clock.instant();
        AssistantRecord first = new AssistantRecord(id, userId, content.graphId(), 1, content.name() == null ? content.graphId()
                : content.name(), content.description(), json.write(content.config() == null ? Map.of() : content.config()),
                json.write(content.context() == null ? Map.of() : content.context()), json.write(content.metadata()), now, now);
        checked(first);
        if (store.create(first)) {
            return view(store.find(id).orElseThrow());
        }
        Optional<AssistantRecord> existing = store.find(id);
        if (doNothingIfExists && existing.isPresent() && caller.maySee(existing.get().userId())) {
            return view(existing.get());
        }
        throw conflict("Assistant " + id + " already exists");
    }

    /** A new version: the fields given replace the current version's, metadata is merged. */
    AssistantView update(String assistantId, Content content, Caller caller) {
        AssistantRecord current = stored(assistantId, caller).orElseThrow(() -> notFound(assistantId));
        Map<String, Object> metadata = json.metadata(current.metadataJson());
        if (content.metadata() != null) {
            metadata.putAll(content.metadata());
        }
        AssistantRecord next = new AssistantRecord(current.assistantId(), current.userId(),
                content.graphId() == null ? current.graphId() : content.graphId(), 0,
                content.name() == null ? current.name() : content.name(),
                content.description() == null ? current.description() : content.description(),
                content.config() == null ? current.configJson() : json.write(content.config()),
                content.context() == null ? current.contextJson() : json.write(content.context()),
                json.write(metadata), current.createdAt(), clock.instant());
        checked(next);
        return view(store.addVersion(next).orElseThrow(() -> notFound(assistantId)));
    }

    void delete(String assistantId, Caller caller) {
        stored(assistantId, caller).orElseThrow(() -> notFound(assistantId));
        store.delete(assistantId);
    }

    List<AssistantView> versions(String assistantId, Caller caller, Map<String, Object> metadata, int offset, int limit) {
        Optional<String> configured = configured(assistantId);
        if (configured.isPresent()) {
            return offset == 0 ? List.of(system(configured.get())) : List.of();
        }
        stored(assistantId, caller).orElseThrow(() -> notFound(assistantId));
        return store.versions(assistantId, 0, 10_000).stream().map(this::view)
                .filter(v -> LangGraphJson.matches(v.metadata(), metadata)).skip(offset).limit(limit).toList();
    }

    AssistantView setLatest(String assistantId, int version, Caller caller) {
        stored(assistantId, caller).orElseThrow(() -> notFound(assistantId));
        return view(store.setCurrent(assistantId, version)
                .orElseThrow(() -> ApiException.notFound("Assistant " + assistantId + " has no version " + version)));
    }

    static ApiException notFound(String assistantId) {
        return ApiException.notFound("No assistant " + assistantId);
    }

    /** The base agent exists (404) and the overrides apply to it (422). */
    private void checked(AssistantRecord assistant) {
        var base = agents.find(assistant.graphId()).filter(a -> agents.names().contains(assistant.graphId()))
                .orElseThrow(() -> ApiException.notFound("No graph " + assistant.graphId()
                        + ": graph_id must be a configured agent (" + String.join(", ", agents.names()) + ")"));
        overrides.apply(base, assistant, agents::find);
    }

    private Optional<AssistantRecord> stored(String assistantId, Caller caller) {
        return store.find(assistantId).filter(a -> caller.maySee(a.userId()));
    }

    private Optional<String> configured(String assistantIdOrGraphId) {
        return agents.names().stream().filter(a -> a.equals(assistantIdOrGraphId) || idOf(a).equals(assistantIdOrGraphId))
                .findFirst();
    }

    private AssistantView system(String agent) {
        return new AssistantView(idOf(agent), agent, Map.of("configurable", Map.of()), Map.of(), startedAt, startedAt,
                Map.of("created_by", "system"), 1, agent, null);
    }

    @SuppressWarnings("unchecked")
    private AssistantView view(AssistantRecord a) {
        return new AssistantView(a.assistantId(), a.graphId(), json.mapper().readValue(a.configJson(), Map.class),
                json.mapper().readValue(a.contextJson(), Object.class), LangGraphJson.time(a.createdAt()),
                LangGraphJson.time(a.updatedAt()), json.metadata(a.metadataJson()), a.version(), a.name(), a.description());
    }

    private static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", "Conflict", detail, null, null);
    }
}
