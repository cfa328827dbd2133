package io.agentry.cost;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices per model name. A model is found by its exact name, else by the longest known name it starts
 * with (so {@code gpt-4o-2024-08-06} is priced as {@code gpt-4o}), with any {@code provider:} prefix
 * of our model ids ({@code openai:}, {@code anthropic:}, {@code openai-compatible:}) ignored. Immutable; {@link #withOverrides} returns a new book.
 */
public final class PriceBook {

    /** The provider prefixes of our model ids, longest first. */
    private static final List<String> PROVIDER_PREFIXES = List.of("openai-compatible:", "anthropic:", "openai:");

    private final Map<String, ModelPrice> prices;

    private PriceBook(Map<String, ModelPrice> prices) {
        this.prices = Map.copyOf(prices);
    }

    public static PriceBook of(Map<String, ModelPrice> prices) {
        Map<String, ModelPrice> normalized = new LinkedHashMap<>();
        prices.forEach((name, price) -> normalized.put(normalize(name), price));
        return new PriceBook(normalized);
    }

    /** Public list prices as shipped; see {@link DefaultPrices} for the date and sources. */
    public static PriceBook defaults() {
        return of(DefaultPrices.PRICES);
    }

    public PriceBook withOverrides(Map<String, ModelPrice> overrides) {
        Map<String, ModelPrice> merged = new LinkedHashMap<>(prices);
        overrides.forEach((name, price) -> merged.put(normalize(name), price));
        return new PriceBook(merged);
    }

    public Optional<ModelPrice> priceFor(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        String name = normalize(model);
        ModelPrice exact = prices.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return prices.entrySet().stream()
                .filter(e -> name.startsWith(e.getKey() + "-") || name.startsWith(e.getKey() + "@"))
                .max(Comparator.comparingInt(e -> e.getKey().length()))
                .map(Map.Entry::getValue);
    }

    /**
     * Lower case, without our provider prefix. Only a known prefix is removed: model names themselves may
     * hold colons (Ollama's {@code llama3.1:8b}).
     */
    private static String normalize(String model) {
        String name = model.trim().toLowerCase(Locale.ROOT);
        for (String provider : PROVIDER_PREFIXES) {
            if (name.startsWith(provider)) {
                return name.substring(provider.length());
            }
        }
        return name;
    }
}
