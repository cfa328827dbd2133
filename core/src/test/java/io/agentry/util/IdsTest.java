package io.agentry.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsAreVersion7UuidsCarryingTheirMillisecond() {
        UUID id = Ids.timeOrdered(1_764_300_000_123L);
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(1_764_300_000_123L);
        assertThat(UUID.fromString(Ids.timeOrdered())).satisfies(parsed -> assertThat(parsed.version()).isEqualTo(7));
    }

    @Test
    void laterIdsSortAfterEarlierOnesAsText() {
        String earlier = Ids.timeOrdered(1_764_300_000_123L).toString();
        String later = Ids.timeOrdered(1_764_300_000_124L).toString();
        assertThat(later).isGreaterThan(earlier);
        // across a change of the leading hex digit as well
        assertThat(Ids.timeOrdered(0x1000_0000_0000L).toString()).isGreaterThan(Ids.timeOrdered(0x0FFF_FFFF_FFFFL).toString());
    }

    @Test
    void idsInTheSameMillisecondDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.timeOrdered(42L).toString());
        }
        assertThat(ids).hasSize(10_000);
    }
}
