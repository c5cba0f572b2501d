package dev.simplepush.schemas.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BroadcastTableTest {
    private final BroadcastTable table = new BroadcastTable();

    private static Broadcast set(String id, String version) {
        return new Broadcast(id, version, 1L, "cli");
    }

    @Test
    void aNewIdAndANewVersionAreChangesButTheSameVersionAgainIsNot() {
        assertThat(table.apply(0, "a/b", set("a/b", "1"))).isTrue();
        assertThat(table.apply(1, "a/b", set("a/b", "1"))).isFalse();
        assertThat(table.apply(2, "a/b", set("a/b", "2"))).isTrue();

        assertThat(table.version("a/b")).isEqualTo("2");
        assertThat(table.versions()).isEqualTo(Map.of("a/b", "2"));
    }

    @Test
    void anOlderOffsetNeverReplacesANewerOne() {
        table.apply(5, "a/b", set("a/b", "newer"));

        assertThat(table.apply(4, "a/b", set("a/b", "older"))).isFalse();
        assertThat(table.version("a/b")).isEqualTo("newer");
    }

    @Test
    void aTombstoneRemovesTheId() {
        table.apply(0, "a/b", set("a/b", "1"));

        assertThat(table.apply(1, "a/b", null)).isTrue();
        assertThat(table.version("a/b")).isNull();
        assertThat(table.size()).isZero();
        assertThat(table.apply(2, "a/b", null)).isFalse();
    }
}
