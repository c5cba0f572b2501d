import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.Notification;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.token.EndpointTokens;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Thread CPU per call of the per-update work issue 19's profile found repeated on every call:
 * reading and writing a record through the mapper (the type and its root (de)serializer looked up
 * each time) against {@link JsonSerde} (resolved once), and opening an endpoint token with a new
 * {@link Cipher} each time against {@link EndpointTokens#decode} (one cipher per thread). The two
 * ways alternate over several rounds, so a warming JIT or a busy machine shows as spread, not as
 * a difference. The old way of opening a token here is the cipher work alone, without the
 * base64 check and the parsing that {@code decode} adds to the new way. Run from the repository root once the launcher is built:
 *
 *   java -cp "launcher/target/lib/*" tools/perf/HotPathCost.java [calls per round] [rounds]
 */
public class HotPathCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static Object sink;

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String uaid = "9f3c2a7e4b1d4e8fa0c65d2b7e19f4a3";
        String chid = "1c8e5b2a-7d4f-4a9e-8b3c-6f2d0e9a1b57";
        Notification notification = new Notification("r-1c8e5b2a7d4f", 3, uaid, chid, 1765091234567L, null,
                1765091234567L);
        DeviceEvent ack = new DeviceEvent.Ack(uaid, 1, "c-42", List.of(Update.of(chid, 1765091234567L)),
                1765091234600L);
        JsonSerde<Notification> notifications = JsonSerde.of(Notification.class);
        JsonSerde<DeviceEvent> events = JsonSerde.of(DeviceEvent.class);
        byte[] notificationBytes = notifications.serialize("t", notification);
        byte[] ackBytes = events.serialize("t", ack);
        String key = EndpointTokens.generateKey();
        EndpointTokens tokens = EndpointTokens.fromBase64(List.of(key));
        String token = tokens.encode(uaid, chid);
        SecretKeySpec aes = new SecretKeySpec(Base64.getUrlDecoder().decode(key), "AES");

        String[] names = {"read Notification", "write Notification", "read DeviceEvent.Ack", "open a token"};
        List<List<Callable<Object>>> ways = List.of(
                List.of(() -> Json.MAPPER.readValue(notificationBytes, Notification.class),
                        () -> notifications.deserialize("t", notificationBytes)),
                List.of(() -> Json.MAPPER.writeValueAsBytes(notification),
                        () -> notifications.serialize("t", notification)),
                List.of(() -> Json.MAPPER.readValue(ackBytes, DeviceEvent.class),
                        () -> events.deserialize("t", ackBytes)),
                List.of(() -> openWithNewCipher(aes, token), () -> tokens.decode(token)));
        System.out.printf("ns of thread CPU per call, %d calls per round; mapper or new cipher per call / resolved once or per thread%n",
                calls);
        for (int w = 0; w < ways.size(); w++) {
            StringBuilder line = new StringBuilder(String.format("%-22s", names[w]));
            for (int r = 0; r < rounds; r++) {
                long before = nsPerCall(ways.get(w).get(0), calls);
                long after = nsPerCall(ways.get(w).get(1), calls);
                line.append(String.format(" %5d/%-5d", before, after));
            }
            System.out.println(line);
        }
    }

    private static long nsPerCall(Callable<Object> call, int calls) throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < calls; i++) {
            sink = call.call();
        }
        return (THREADS.getCurrentThreadCpuTime() - start) / calls;
    }

    /** EndpointTokens.decode's cipher work as it was before: a new Cipher per call. */
    private static byte[] openWithNewCipher(SecretKeySpec key, String token) throws Exception {
        byte[] raw = Base64.getUrlDecoder().decode(token);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, 12));
        return cipher.doFinal(raw, 12, raw.length - 12);
    }
}
