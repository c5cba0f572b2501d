package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccessLogHandlerTest {
    @Test
    void aTokenIsCutToItsFirstEightCharacters() {
        assertThat(AccessLogHandler.redactedPath("/update/gAAAAABlZ3Vlc3MtbWUtaWYteW91LWNhbg"))
                .isEqualTo("/update/gAAAAABl…");
    }

    @Test
    void aShortTokenIsKeptWhole() {
        assertThat(AccessLogHandler.redactedPath("/update/abc")).isEqualTo("/update/abc");
    }

    @Test
    void anythingAfterUpdateIsCutEvenWithMoreSlashes() {
        assertThat(AccessLogHandler.redactedPath("/update/gAAAAABlsecret/more")).isEqualTo("/update/gAAAAABl…");
    }

    @Test
    void otherPathsAreCutAtSixtyFourCharacters() {
        assertThat(AccessLogHandler.redactedPath("/health")).isEqualTo("/health");
        assertThat(AccessLogHandler.redactedPath("/" + "x".repeat(100))).hasSize(65).endsWith("…");
    }

    @Test
    void aMessageIdIsCutToItsFirstEightCharactersLikeAToken() {
        assertThat(AccessLogHandler.redactedPath("/m/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")).isEqualTo("/m/AbCdEfGh…");
        assertThat(AccessLogHandler.redactedPath("/m/short")).isEqualTo("/m/short");
    }
}
