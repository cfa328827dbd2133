package io.agentry.server.models;

import io.agentry.model.LangChainModelClient;
import io.agentry.model.ModelClient;
import io.agentry.model.ModelResolver;
import io.agentry.model.OfflineChatModel;
import io.agentry.model.UsageMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Builds and caches one {@link ModelClient} per model id. {@code offline} is always available; provider
 * ids ({@code provider:model}) are built by their factories. An application (or a test) can add a model
 * of its own by defining a {@link ModelClient} bean: it is served under its {@link ModelClient#modelId()}.
 */
@Component
public class ModelRegistry implements ModelResolver {

    private final OfflineModelProperties offline;
    private final Map<String, ModelClient> clients = new ConcurrentHashMap<>();

    public ModelRegistry(OfflineModelProperties offline, List<ModelClient> custom) {
        this.offline = offline;
        custom.forEach(client -> clients.put(client.modelId(), client));
    }

    @Override
    public ModelClient resolve(String modelId) {
        ModelClient client = clients.get(modelId);
        return client != null ? client : clients.computeIfAbsent(modelId, this::create);
    }

    private ModelClient create(String modelId) {
        if (modelId.equals(OfflineChatModel.MODEL_NAME)) {
            OfflineChatModel model = new OfflineChatModel(offline.toOptions());
            return new LangChainModelClient(modelId, "offline", model, model, UsageMapper.PLAIN);
        }
        int colon = modelId.indexOf(':');
        String provider = colon < 0 ? modelId : modelId.substring(0, colon);
        throw new IllegalArgumentException("unknown model '" + modelId + "': provider '" + provider
                + "' is not supported; use offline");
    }
}
