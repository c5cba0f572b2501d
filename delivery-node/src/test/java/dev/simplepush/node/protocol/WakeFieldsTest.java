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
                + "\"MobileNetwork\":{\"MCC\":\"1\",\"MNC\":\"2\"}}"))
                .isEqualTo(new WakeData("10.0.0.3", 1, "1", "2", null));
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
}
