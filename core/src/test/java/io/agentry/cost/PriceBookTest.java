package io.agentry.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceBookTest {

    @Test
    void pricesEveryKindOfTokenAtItsOwnRate() {
        ModelPrice sonnet = PriceBook.defaults().priceFor("anthropic:claude-sonnet-4-5").orElseThrow();
        // 1M input at $3, 1M output at $15, 1M cache read at $0.30, 1M cache write at $3.75
        Usage usage = new Usage(1_000_000, 1_000_000, 1_000_000, 1_000_000);
        assertThat(sonnet.cost(usage)).isEqualByComparingTo("22.05");
        assertThat(sonnet.cost(new Usage(1200, 350, 0, 0))).isEqualByComparingTo("0.00885");
    }

    @Test
    void cacheSavingsAreTheDifferenceToPayingTheInputRate() {
        ModelPrice gpt4o = PriceBook.defaults().priceFor("openai:gpt-4o").orElseThrow();
        Usage usage = new Usage(1_000, 100, 9_000, 0);
        BigDecimal saved = gpt4o.costWithoutCache(usage).subtract(gpt4o.cost(usage));
        // 9,000 cached tokens at $2.50 instead of $1.25 per million
        assertThat(saved).isEqualByComparingTo("0.01125");
    }

    @Test
    void datedSnapshotsArePricedByTheirFamilyLongestNameFirst() {
        PriceBook book = PriceBook.defaults();
        assertThat(book.priceFor("gpt-4o-mini-2024-07-18")).isEqualTo(book.priceFor("gpt-4o-mini"));
        assertThat(book.priceFor("gpt-4o-2024-08-06")).isEqualTo(book.priceFor("gpt-4o"));
        assertThat(book.priceFor("claude-opus-4-5-20251101")).isEqualTo(book.priceFor("claude-opus-4-5"));
        assertThat(book.priceFor("OpenAI:GPT-4o")).isEqualTo(book.priceFor("gpt-4o"));
    }

    @Test
    void unknownModelsHaveNoPrice() {
        assertThat(PriceBook.defaults().priceFor("openai-compatible:llama3.1:8b")).isEmpty();
        assertThat(PriceBook.defaults().priceFor("gpt-4ox")).isEmpty();
        assertThat(PriceBook.defaults().priceFor(null)).isEmpty();
    }

    @Test
    void overridesReplaceAndAdd() {
        PriceBook book = PriceBook.defaults().withOverrides(Map.of(
                "gpt-4o", ModelPrice.of("1", "2", "0.5", "1"),
                "llama3.1", ModelPrice.of("0", "0", "0", "0")));
        assertThat(book.priceFor("gpt-4o").orElseThrow().input()).isEqualByComparingTo("1");
        assertThat(book.priceFor("openai-compatible:llama3.1").orElseThrow().cost(Usage.of(10, 10))).isZero();
        assertThat(PriceBook.defaults().priceFor("gpt-4o").orElseThrow().input()).isEqualByComparingTo("2.50");
    }

    @Test
    void modelNamesWithColonsKeepThem() {
        PriceBook book = PriceBook.defaults().withOverrides(Map.of(
                "llama3.1:8b", ModelPrice.of("0.1", "0.2", "0.1", "0.1"),
                "llama3.1:70b", ModelPrice.of("0.5", "0.9", "0.5", "0.5")));
        assertThat(book.priceFor("openai-compatible:llama3.1:8b").orElseThrow().input()).isEqualByComparingTo("0.1");
        assertThat(book.priceFor("openai-compatible:llama3.1:70b").orElseThrow().input()).isEqualByComparingTo("0.5");
        assertThat(book.priceFor("llama3.1:8b").orElseThrow().output()).isEqualByComparingTo("0.2");
        assertThat(book.priceFor("openai-compatible:llama3.1")).isEmpty();
    }

    @Test
    void costsAddUpExactly() {
        ModelPrice offline = PriceBook.defaults().priceFor("offline").orElseThrow();
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < 1000; i++) {
            sum = sum.add(offline.cost(Usage.of(33, 7)));
        }
        assertThat(sum).isEqualByComparingTo(offline.cost(Usage.of(33_000, 7_000)));
    }
}
