package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScriptMainTest {

    @Test
    void theSimplepushScriptIsTheLauncherWithTheScriptsArguments() {
        assertThat(ScriptMain.commandLine(new String[] {"/opt/simplepush/bin/simplepush", "health", "--timeout", "3"}))
                .containsExactly("health", "--timeout", "3");
    }

    @Test
    void theKafkaImagesStartScriptIsTheBrokerRole() {
        assertThat(ScriptMain.commandLine(new String[] {"/etc/kafka/docker/run"})).containsExactly("broker");
    }

    @Test
    void kafkasBrokerApiVersionsToolIsTheBrokerHealthcheck() {
        assertThat(ScriptMain.commandLine(new String[] {"/opt/kafka/bin/kafka-broker-api-versions.sh",
            "--bootstrap-server", "localhost:9092"}))
                .containsExactly("health", "--bootstrap-server", "localhost:9092");
    }
}
