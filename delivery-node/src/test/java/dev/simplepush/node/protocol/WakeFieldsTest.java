package dev.simplepush.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.simplepush.schemas.WakeData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class WakeFieldsTest {

    private static WakeData wakeOf(String hello) throws Exception {
        return WakeFields.of((ObjectNode) DeviceJson.read(hello));
    }

    @Test
    void wellFormedFieldsAreRead() throws Exception {
        assertThat(wakeOf("{\"messageType\":\"hello\",\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080},"
                + "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\",\"netid\":\"x1\"}}"))
                .isEqualTo(new WakeData("10.0.0.1", 8080, "214", "07", "x1"));
    }

    @Test
    void wakeupHostIsAnAliasAndNetidIsOptional() throws Exception {
        assertThat(wakeOf("{\"wakeup_host\":{\"ip\":\"10.0.0.2\",\"port\":2442},"
                + "\"mobilenetwork\":{\"mcc\":\"310\",\"mnc\":\"410\"}}"))
                .isEqualTo(new WakeData("10.0.0.2", 2442, "310", "410", null));
    }

    @Test
    void keysMatchIgnoringCaseAsEverywhereElse() throws Exception {
        assertThat(wakeOf("{\"WAKEUP_HOSTPORT\":{\"IP\":\"10.0.0.3\",\"Port\":1},"
                + "\"MobileNetwork\":{\"MCC\":\"01\",\"MNC\":\"02\"}}"))
                .isEqualTo(new WakeData("10.0.0.3", 1, "01", "02", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080}}",
            "{\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":\"10.0.0.1:8080\",\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":{\"ip\":5,\"port\":8080},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"\",\"port\":8080},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":\"8080\"},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":0},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":65536},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":80.5},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080},\"mobilenetwork\":{\"mcc\":214,\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080},\"mobilenetwork\":{\"mcc\":\"214\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\",\"netid\":3}}",
            "{\"wakeup_hostport\":null,\"mobilenetwork\":[]}"})
    void malformedOrHalfWakeDataIsNone(String hello) throws Exception {
        assertThat(wakeOf(hello)).isNull();
    }

    /** Spec §11.2 shapes, checklist item 57: out of shape is ignored like malformed. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"wakeup_hostport\":{\"ip\":\"push.example.com\",\"port\":8080},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080},\"mobilenetwork\":{\"mcc\":\"2a4\",\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080},\"mobilenetwork\":{\"mcc\":\"2144\",\"mnc\":\"07\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"7\"}}",
            "{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":99999999999},\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}"})
    void wakeDataOutOfItsShapesIsNone(String hello) throws Exception {
        assertThat(wakeOf(hello)).isNull();
    }

    @Test
    void megabytesOfWakeStringsAreNone() throws Exception {
        String big = "1".repeat(500_000);
        assertThat(wakeOf("{\"wakeup_hostport\":{\"ip\":\"" + big + "\",\"port\":8080},"
                + "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}")).isNull();
        assertThat(wakeOf("{\"wakeup_hostport\":{\"ip\":\"10.0.0.1\",\"port\":8080},"
                + "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\",\"netid\":\"" + big + "\"}}")).isNull();
    }

    @Test
    void anIpv6LiteralIsRead() throws Exception {
        assertThat(wakeOf("{\"wakeup_hostport\":{\"ip\":\"2001:db8::1\",\"port\":2442},"
                + "\"mobilenetwork\":{\"mcc\":\"214\",\"mnc\":\"07\"}}"))
                .isEqualTo(new WakeData("2001:db8::1", 2442, "214", "07", null));
    }
}
