package dev.simplepush.schemas.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BroadcastIdsTest {
    @Test
    void firefoxsRemoteSettingsBroadcastIsAValidId() {
        assertThat(BroadcastIds.validId("remote-settings/monitor_changes")).isTrue();
        assertThat(BroadcastIds.problem("remote-settings/monitor_changes", "\"1700000000000\"")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/x", "x/", "noslash", "a+b/c", "a/b+c", "a/b/c"})
    void idsOutsideMegaphonesAlphabetOrShapeAreInvalid(String id) {
        assertThat(BroadcastIds.validId(id)).isFalse();
    }

    @Test
    void theBroadcasterAndChannelLengthsAreBoundedAsMegaphoneBoundsThem() {
        assertThat(BroadcastIds.validId("b".repeat(64) + "/" + "c".repeat(128))).isTrue();
        assertThat(BroadcastIds.validId("b".repeat(65) + "/c")).isFalse();
        assertThat(BroadcastIds.validId("b/" + "c".repeat(129))).isFalse();
        assertThat(BroadcastIds.problem("b".repeat(65) + "/c", "v")).hasValueSatisfying(
                message -> assertThat(message).contains("broadcasterID"));
        assertThat(BroadcastIds.problem("b/c+d", "v")).hasValueSatisfying(
                message -> assertThat(message).contains("bchannelID"));
    }

    @Test
    void aVersionIsOneTo200AsciiCharacters() {
        assertThat(BroadcastIds.validVersion("v".repeat(200))).isTrue();
        assertThat(BroadcastIds.validVersion("v".repeat(201))).isFalse();
        assertThat(BroadcastIds.validVersion("")).isFalse();
        assertThat(BroadcastIds.validVersion("é")).isFalse();
        assertThat(BroadcastIds.problem("a/b", "")).hasValueSatisfying(
                message -> assertThat(message).contains("Version"));
    }
}
