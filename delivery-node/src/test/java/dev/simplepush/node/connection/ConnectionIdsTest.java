package dev.simplepush.node.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectionIdsTest {

    @Test
    void idsNeverRepeatWithinANode() {
        ConnectionIds ids = new ConnectionIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(ids.next())).isTrue();
        }
    }

    @Test
    void aRestartedNodeDoesNotReuseIds() {
        assertThat(new ConnectionIds().next()).isNotEqualTo(new ConnectionIds().next());
    }
}
