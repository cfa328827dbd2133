package io.agentry.cost;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shipped list prices in USD per million tokens (input, output, cache read, cache write), taken from
 * the providers' public pricing pages in 2025. OpenAI bills no premium for cache writes (write rate =
 * input rate) and discounts cached input; Anthropic bills 5-minute cache writes at 1.25x input and cache
 * reads at 0.1x input. Prices change: override them with {@code agentry.prices.<model>.*}.
 *
 * <p>{@code offline} is the built-in test double; its price is fictitious (that of gpt-4o-mini) so that
 * cost accounting, budgets and the ledger are exercised without a provider.
 */
final class DefaultPrices {

    static final Map<String, ModelPrice> PRICES = build();

    private DefaultPrices() {
    }

    private static Map<String, ModelPrice> build() {
        Map<String, ModelPrice> p = new LinkedHashMap<>();
        p.put("offline", ModelPrice.of("0.15", "0.60", "0.075", "0.15"));
        // OpenAI
        p.put("gpt-5", ModelPrice.of("1.25", "10.00", "0.125", "1.25"));
        p.put("gpt-5-mini", ModelPrice.of("0.25", "2.00", "0.025", "0.25"));
        p.put("gpt-5-nano", ModelPrice.of("0.05", "0.40", "0.005", "0.05"));
        p.put("gpt-4.1", ModelPrice.of("2.00", "8.00", "0.50", "2.00"));
        p.put("gpt-4.1-mini", ModelPrice.of("0.40", "1.60", "0.10", "0.40"));
        p.put("gpt-4.1-nano", ModelPrice.of("0.10", "0.40", "0.025", "0.10"));
        p.put("gpt-4o", ModelPrice.of("2.50", "10.00", "1.25", "2.50"));
        p.put("gpt-4o-mini", ModelPrice.of("0.15", "0.60", "0.075", "0.15"));
        p.put("o3", ModelPrice.of("2.00", "8.00", "0.50", "2.00"));
        p.put("o3-mini", ModelPrice.of("1.10", "4.40", "0.55", "1.10"));
        p.put("o4-mini", ModelPrice.of("1.10", "4.40", "0.275", "1.10"));
        // Anthropic
        p.put("claude-opus-4-5", ModelPrice.of("5.00", "25.00", "0.50", "6.25"));
        p.put("claude-opus-4-1", ModelPrice.of("15.00", "75.00", "1.50", "18.75"));
        p.put("claude-opus-4", ModelPrice.of("15.00", "75.00", "1.50", "18.75"));
        p.put("claude-sonnet-4-5", ModelPrice.of("3.00", "15.00", "0.30", "3.75"));
        p.put("claude-sonnet-4", ModelPrice.of("3.00", "15.00", "0.30", "3.75"));
        p.put("claude-3-7-sonnet", ModelPrice.of("3.00", "15.00", "0.30", "3.75"));
        p.put("claude-haiku-4-5", ModelPrice.of("1.00", "5.00", "0.10", "1.25"));
        p.put("claude-3-5-haiku", ModelPrice.of("0.80", "4.00", "0.08", "1.00"));
        p.put("claude-3-haiku", ModelPrice.of("0.25", "1.25", "0.03", "0.30"));
        return p;
    }
}
