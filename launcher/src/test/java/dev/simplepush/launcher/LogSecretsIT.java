package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.token.EndpointTokens;
import dev.simplepush.testing.AppServerClient;
import dev.simplepush.testing.DeviceClient;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything dev mode logs, at DEBUG and with the access log on, while a device registers and an
 * app server PUTs (accepted, refused, forged): the access log shows each PUT with a token prefix,
 * and no full token and no token key appears anywhere.
 */
class LogSecretsIT {
    @Test
    void noFullTokenOrKeyIsEverLoggedForAPut(@TempDir Path dataDir) {
        String key = EndpointTokens.generateKey();
        StringWriter captured = new StringWriter();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        WriterAppender appender = WriterAppender.newBuilder().setName("capture").setTarget(captured)
                .setLayout(PatternLayout.newBuilder().withPattern("%c %p %m %ex%n").build()).build();
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, null, null);
        Configurator.setLevel("dev.simplepush", Level.DEBUG);
        context.updateLoggers();
        String endpoint;
        try (DevMode dev = DevMode.start(new DevMode.Options(dataDir, "127.0.0.1", 0, 0, 0, -1), ConfigSource.of(Map.of(
                "token.keys", key, "gateway.access.log", "true")))) {
            String chid = UUID.randomUUID().toString();
            try (DeviceClient device = DeviceClient.connect(URI.create(dev.deviceUrl()))) {
                device.hello(null);
                endpoint = device.register(chid);
                AppServerClient app = new AppServerClient();
                assertThat(app.putVersion(endpoint, 5).status()).isEqualTo(200);
                assertThat(device.receiveNotification()).containsExactly(Update.of(chid, 5));
                assertThat(app.put(endpoint, "version=x").status()).isEqualTo(400);
                // Another ending than its own (one token in 256 already ends in "AA"), still canonical.
                String tampered = endpoint.substring(0, endpoint.length() - 2) + (endpoint.endsWith("AA") ? "QA" : "AA");
                assertThat(app.putVersion(tampered, 6).status()).isEqualTo(404);
                await().atMost(Duration.ofSeconds(10)).until(() -> captured.toString().contains("\" 404 "));
            }
        } finally {
            configuration.getRootLogger().removeAppender("capture");
            Configurator.setLevel("dev.simplepush", Level.INFO);
            context.updateLoggers();
            appender.stop();
        }
        String logs = captured.toString();
        String token = endpoint.substring(endpoint.lastIndexOf('/') + 1);

        assertThat(logs).as("the access log").contains("simplepush.access INFO 127.0.0.1 \"PUT /update/"
                + token.substring(0, 8) + "… HTTP/1.1\" 200 ");
        assertThat(logs).contains("\" 400 ", "\" 404 ");
        assertThat(logs).doesNotContain(token).doesNotContain(token.substring(0, 20)).doesNotContain(key);
    }
}
