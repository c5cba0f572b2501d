package dev.simplepush.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §1.7: scheme, host and port compared; a missing port is the scheme's default. */
class AllowedOriginsTest {
    private final AllowedOrigins origins = AllowedOrigins.of(
            List.of("https://app.example.net", "http://localhost:3000"));

    @Test
    void anEmptyListAllowsAnyOriginAndNone() {
        assertThat(AllowedOrigins.ANY.allowsAny()).isTrue();
        assertThat(AllowedOrigins.ANY.allows("http://evil.example")).isTrue();
        assertThat(AllowedOrigins.ANY.allows(null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.net", "https://app.example.net:443", "HTTPS://App.Example.NET",
        "https://app.example.net/", "http://localhost:3000"})
    void aMatchingOriginIsAllowed(String origin) {
        assertThat(origins.allows(origin)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://app.example.net", "https://app.example.net:8443", "https://other.example.net",
        "http://localhost", "http://localhost:3001", "null", "", "not an origin"})
    void anyOtherOriginIsRefused(String origin) {
        assertThat(origins.allows(origin)).isFalse();
    }

    @Test
    void aMissingOriginIsRefusedOnceAListIsSet() {
        assertThat(origins.allows(null)).isFalse();
    }

    @Test
    void wsAndWssDefaultToTheirPortsToo() {
        AllowedOrigins ws = AllowedOrigins.of(List.of("wss://a.example:443", "ws://b.example"));

        assertThat(ws.allows("wss://a.example")).isTrue();
        assertThat(ws.allows("ws://b.example:80")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.example.net", "ftp://app.example.net", "https://", "https://bad host"})
    void anEntryThatIsNoOriginIsRejected(String entry) {
        assertThatThrownBy(() -> AllowedOrigins.of(List.of(entry))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(entry);
    }
}
