package io.agentry.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    private final TokenCounter counter = TokenCounter.forModel("openai:gpt-4o");

    @Test
    void aRememberedCountIsTheEncodingsCount() {
        String text = "A remembered text, counted " + System.nanoTime() + " times: 17 × 23 = 391.";
        int expected = O200K.countTokensOrdinary(text);

        assertThat(counter.count(text)).isEqualTo(expected);
        assertThat(counter.count(new String(text))).as("remembered, by content").isEqualTo(expected);
        assertThat(counter.count("")).isZero();
        assertThat(counter.count(null)).isZero();
    }

    @Test
    void rememberedTextsAreForgottenAtTheBoundAndStillCountedRight() {
        String chunk = "word ".repeat(100_000); // 500,000 chars
        int remembered = 0;
        for (int i = 0; i < 20; i++) { // 10 million chars in all: more than the bound
            String text = chunk + i;
            assertThat(counter.count(text)).isEqualTo(O200K.countTokensOrdinary(text));
            remembered = counter.rememberedTexts();
            assertThat((long) remembered * chunk.length()).isLessThanOrEqualTo(TokenCounter.MAX_REMEMBERED_TEXT_CHARS);
        }
        assertThat(remembered).isPositive();
    }
}
