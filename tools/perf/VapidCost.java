import dev.simplepush.gateway.webpush.VapidCredentials;
import dev.simplepush.gateway.webpush.VapidVerifier;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * CPU time of the gateway's VAPID check per request (spec W5, issue 15's numbers): a new JWT each
 * time (ECDSA verified by nimbus-jose-jwt), and the same JWT again (the (key, JWT) cache). Thread
 * CPU time, so other load on the machine does not count. Run from the repository root once
 * {@code ./simplepush} has built the launcher (its jar's libraries hold the gateway's classes):
 *
 *   java -cp "launcher/target/lib/*" tools/perf/VapidCost.java [verifications]
 */
public class VapidCost {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String AUDIENCE = "http://127.0.0.1:8081";

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        String key = B64.encodeToString(point((ECPublicKey) pair.getPublic()));
        long exp = System.currentTimeMillis() / 1000 + 12 * 3600;
        List<String> jwts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // A distinct JWT each: the subject differs, so no two share a cache entry.
            jwts.add(sign(pair, "{\"aud\":\"" + AUDIENCE + "\",\"exp\":" + exp + ",\"sub\":\"mailto:s" + i
                    + "@example.com\"}"));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        VapidVerifier verifier = new VapidVerifier(AUDIENCE, Clock.systemUTC(), 10_000);
        // Warm-up: the JIT compiles the verification path before it is measured.
        for (int i = 0; i < Math.min(count, 5_000); i++) {
            verifier.verify(new VapidCredentials(jwts.get(i), key, VapidCredentials.Form.VAPID));
        }
        VapidVerifier uncached = new VapidVerifier(AUDIENCE, Clock.systemUTC(), 0);
        long start = threads.getCurrentThreadCpuTime();
        for (String jwt : jwts) {
            uncached.verify(new VapidCredentials(jwt, key, VapidCredentials.Form.VAPID));
        }
        double verifiedMicros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / count;
        VapidVerifier cached = new VapidVerifier(AUDIENCE, Clock.systemUTC(), 10_000);
        String one = jwts.get(0);
        cached.verify(new VapidCredentials(one, key, VapidCredentials.Form.VAPID));
        int repeats = count * 10;
        start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < repeats; i++) {
            cached.verify(new VapidCredentials(one, key, VapidCredentials.Form.VAPID));
        }
        double cachedMicros = (threads.getCurrentThreadCpuTime() - start) / 1e3 / repeats;
        System.out.printf("VAPID check, CPU per request: %.1f µs verified (%d distinct JWTs), %.2f µs cached "
                + "(%d repeats of one JWT; %d verified, %d from the cache)%n", verifiedMicros, count, cachedMicros,
                repeats, cached.verifiedCount(), cached.cachedCount());
    }

    private static String sign(KeyPair pair, String claims) throws Exception {
        String input = B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(pair.getPrivate());
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
    }

    private static byte[] point(ECPublicKey key) {
        byte[] point = new byte[65];
        point[0] = 4;
        copy(key.getW().getAffineX(), point, 1);
        copy(key.getW().getAffineY(), point, 33);
        return point;
    }

    private static void copy(BigInteger value, byte[] into, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, into, offset + 32 - length, length);
    }
}
