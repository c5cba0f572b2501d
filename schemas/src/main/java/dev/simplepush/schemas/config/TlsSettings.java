package dev.simplepush.schemas.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * A TLS listener's identity: a PKCS12 keystore holding the private key and its certificate chain.
 * With no keystore the listener is plain ({@code ws://}, {@code http://}), as spec §1.3 allows for
 * development; production uses TLS.
 *
 * <p>The keystore is read when the service starts ({@link #sslContext()}); a missing file, a wrong
 * password or a keystore without a private key stops the start with a message naming the
 * setting. The private key's password is the keystore's, as {@code keytool} and {@code openssl
 * pkcs12} make them by default.
 *
 * @param keystore         the PKCS12 file, or null for a plain listener
 * @param password         its password (may be empty); never printed
 * @param keystoreKey      the setting that named the file, for error messages
 * @param passwordKey      the setting that gave the password, for error messages
 */
public record TlsSettings(Path keystore, String password, String keystoreKey, String passwordKey) {

    public TlsSettings {
        password = password == null ? "" : password;
        if (keystore != null && !Files.isReadable(keystore)) {
            throw new IllegalConfigurationException(keystoreKey, "cannot read the keystore " + keystore);
        }
    }

    /**
     * Reads {@code keystoreKey} (a file path; empty or unset means no TLS) and {@code passwordKey}.
     */
    public static TlsSettings from(ConfigSource config, String keystoreKey, String passwordKey) {
        String path = config.getString(keystoreKey, "");
        return new TlsSettings(path.isEmpty() ? null : Path.of(path), config.getString(passwordKey, ""),
                keystoreKey, passwordKey);
    }

    /** A plain listener. */
    public static TlsSettings none(String keystoreKey, String passwordKey) {
        return new TlsSettings(null, "", keystoreKey, passwordKey);
    }

    public boolean enabled() {
        return keystore != null;
    }

    /**
     * A server context holding the keystore's key, or null when TLS is off.
     *
     * @throws IllegalConfigurationException if the keystore cannot be read with the password or
     *                                       holds no private key
     */
    public SSLContext sslContext() {
        return sslContext(null);
    }

    /**
     * As {@link #sslContext()}, trusting what {@code trustManagers} trust (null: the JDK's default
     * trust store): for a client that shows this keystore's certificate to a server.
     */
    public SSLContext sslContext(TrustManager[] trustManagers) {
        if (!enabled()) {
            return null;
        }
        char[] secret = password.toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
        } catch (IOException | GeneralSecurityException e) {
            // A wrong password shows as an IOException whose cause is an UnrecoverableKeyException.
            throw new IllegalConfigurationException(keystoreKey, "cannot read " + keystore + " as PKCS12 with the"
                    + " password of " + passwordKey + ": " + e.getMessage());
        }
        try {
            boolean hasKey = false;
            for (String alias : Collections.list(store.aliases())) {
                hasKey |= store.isKeyEntry(alias);
            }
            if (!hasKey) {
                throw new IllegalConfigurationException(keystoreKey, keystore + " holds no private key");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalConfigurationException(keystoreKey, "cannot use the key in " + keystore + ": "
                    + e.getMessage());
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return enabled() ? "TLS from " + keystore : "plain";
    }
}
