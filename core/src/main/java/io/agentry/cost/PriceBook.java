package io.agentry.cost;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices per model name. A model is found by its exact name, else by the longest known name it starts
 * with (so {@code gpt-4o-2024-08-06} is priced as {@code gpt-4o}), with any {@code provider:} prefix
 * of our model ids ignored. Immutable; {@link #withOverrides} returns a new book.
 */
public final class PriceBook {

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

    public Map<String, ModelPrice> asMap() {
        return prices;
    }

    private static String normalize(String model) {
        String name = model.trim().toLowerCase(Locale.ROOT);
        int colon = name.indexOf(':');
        return colon >= 0 ? name.substring(colon + 1) : name;
    }
}
