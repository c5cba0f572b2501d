package dev.simplepush.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsSettingsTest {
    private static final String KEYSTORE = "node.tls.keystore";
    private static final String PASSWORD = "node.tls.keystore.password";

    @TempDir
    Path dir;

    @Test
    void noKeystoreMeansAPlainListener() {
        TlsSettings tls = TlsSettings.from(ConfigSource.of(Map.of()), KEYSTORE, PASSWORD);

        assertThat(tls.enabled()).isFalse();
        assertThat(tls.sslContext()).isNull();
        assertThat(tls).hasToString("plain");
    }

    @Test
    void aPkcs12KeystoreWithItsPasswordGivesAServerContext() throws Exception {
        Path keystore = keytool("secret-1");

        TlsSettings tls = TlsSettings.from(ConfigSource.of(Map.of(KEYSTORE, keystore.toString(), PASSWORD, "secret-1")),
                KEYSTORE, PASSWORD);

        assertThat(tls.enabled()).isTrue();
        assertThat(tls.sslContext().getProtocol()).isEqualTo("TLS");
        assertThat(tls.toString()).doesNotContain("secret-1");
    }

    @Test
    void aMissingKeystoreIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> TlsSettings.from(ConfigSource.of(Map.of(KEYSTORE, dir.resolve("none.p12").toString())),
                KEYSTORE, PASSWORD))
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(KEYSTORE).hasMessageContaining("SIMPLEPUSH_NODE_TLS_KEYSTORE");
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheSettingButNotThePassword() throws Exception {
        Path keystore = keytool("secret-2");
        TlsSettings tls = TlsSettings.from(ConfigSource.of(Map.of(KEYSTORE, keystore.toString(), PASSWORD, "wrong-pw")),
                KEYSTORE, PASSWORD);

        assertThatThrownBy(tls::sslContext)
                .isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(KEYSTORE).hasMessageContaining(PASSWORD)
                .message().doesNotContain("wrong-pw").doesNotContain("secret-2");
    }

    @Test
    void aFileThatIsNoKeystoreIsRefused() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.p12"), "not a keystore");
        TlsSettings tls = TlsSettings.from(ConfigSource.of(Map.of(KEYSTORE, junk.toString(), PASSWORD, "x")),
                KEYSTORE, PASSWORD);

        assertThatThrownBy(tls::sslContext).isInstanceOf(IllegalConfigurationException.class)
                .hasMessageContaining(KEYSTORE);
    }

    private Path keytool(String password) throws Exception {
        Path keystore = dir.resolve("server-" + password.length() + "-" + System.nanoTime() + ".p12");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return keystore;
    }
}
