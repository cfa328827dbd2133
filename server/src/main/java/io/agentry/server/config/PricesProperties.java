package io.agentry.server.config;

import io.agentry.cost.ModelPrice;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Price overrides in USD per million tokens, per model name:
 * {@code agentry.prices[gpt-4.1].input=2.00} (brackets keep dots in the name). Cache rates default to
 * the input rate when omitted.
 */
@ConfigurationProperties("agentry")
public record PricesProperties(Map<String, Price> prices) {

    public record Price(BigDecimal input, BigDecimal output, BigDecimal cacheRead, BigDecimal cacheWrite) {
    }

    public PricesProperties {
        prices = prices == null ? Map.of() : Map.copyOf(prices);
    }

    Map<String, ModelPrice> toModelPrices() {
        Map<String, ModelPrice> result = new LinkedHashMap<>();
        prices.forEach((model, p) -> {
            if (p.input() == null || p.output() == null) {
                throw new IllegalStateException("agentry.prices." + model + " needs both input and output");
            }
            result.put(model, new ModelPrice(p.input(), p.output(), p.cacheRead(), p.cacheWrite()));
        });
        return result;
    }
}
