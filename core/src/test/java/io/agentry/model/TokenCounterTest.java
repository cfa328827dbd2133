package io.agentry.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

    private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    /** A counter of its own: the shared ones remember what other tests counted. */
    private final TokenCounter counter = new TokenCounter(O200K, true);

    @Test
    void aTextIsEncodedOnceAndItsRememberedCountIsTheEncodingsCount() {
        String text = "A remembered text: 17 × 23 = 391, counted once.";
        int expected = O200K.countTokensOrdinary(text);

        assertThat(counter.count(text)).isEqualTo(expected);
        assertThat(counter.rememberedTexts()).isEqualTo(1);
        assertThat(counter.count(new String(text))).as("found by content").isEqualTo(expected);
        assertThat(counter.rememberedTexts()).isEqualTo(1);
        assertThat(counter.count("")).isZero();
        assertThat(counter.count(null)).isZero();
    }

    @Test
    void rememberedTextsAreForgottenAtTheBoundAndStillCountedRight() {
        String chunk = "word ".repeat(100_000); // 500,000 chars
        for (int i = 0; i < 20; i++) { // 10 million chars in all: more than the bound
            String text = chunk + i;
            assertThat(counter.count(text)).isEqualTo(O200K.countTokensOrdinary(text));
            assertThat((long) counter.rememberedTexts() * chunk.length()).isLessThanOrEqualTo(TokenCounter.MAX_REMEMBERED_TEXT_CHARS);
        }
        assertThat(counter.rememberedTexts()).as("forgotten once, then remembered anew").isBetween(1, 15);
    }
}
