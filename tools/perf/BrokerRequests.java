import java.util.*;
import javax.management.*;
import javax.management.remote.*;

/**
 * What the broker inside a JVM (dev mode's embedded one) is asked, by request type, over an
 * interval: reads the counts of the broker's `kafka.network:type=RequestMetrics,name=RequestsPerSec`
 * meters over JMX twice and prints requests per second and each type's share. The JVM's local JMX
 * agent is started first (`jcmd PID ManagementAgent.start_local`) and its address read from the
 * JVM's perf counters, so dev mode needs no JMX options. Then the same for each Kafka client in
 * the JVM (producers and consumers by client id, their {@code request-total}): who sends them.
 * `java tools/perf/BrokerRequests.java PID [seconds, default 20]`
 */
public class BrokerRequests {
    /** Meters that count a subset of another type's requests: left out of the total and the shares. */
    private static final Set<String> SUBTYPES = Set.of("FetchConsumer", "FetchFollower");

    public static void main(String[] args) throws Exception {
        String pid = args[0];
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
        run("jcmd", pid, "ManagementAgent.start_local");
        String address = null;
        for (String line : run("jcmd", pid, "PerfCounter.print").split("\n")) {
            if (line.startsWith("sun.management.JMXConnectorServer.address=")) {
                address = line.substring(line.indexOf('=') + 1).replace("\"", "").trim();
            }
        }
        if (address == null) {
            throw new IllegalStateException("no local JMX connector address in " + pid + "'s perf counters");
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            Map<String, Long> before = counts(server);
            Map<String, Long> clientsBefore = clientCounts(server);
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000);
            Map<String, Long> after = counts(server);
            Map<String, Long> clientsAfter = clientCounts(server);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long total = 0;
            Map<String, Long> delta = new TreeMap<>();
            for (var e : after.entrySet()) {
                long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                if (d > 0) {
                    delta.put(e.getKey(), d);
                    // The broker also counts each Fetch as FetchConsumer or FetchFollower.
                    if (!SUBTYPES.contains(e.getKey())) {
                        total += d;
                    }
                }
            }
            System.out.printf("%-28s %10s %7s%n", "request", "per s", "share (of the total; FetchConsumer and FetchFollower are part of Fetch)");
            final long all = total;
            delta.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> System.out.printf("%-28s %10.1f %6.1f%%%n", e.getKey(), e.getValue() / elapsed,
                            100.0 * e.getValue() / all));
            System.out.printf("%-28s %10.1f over %.1f s%n", "TOTAL", total / elapsed, elapsed);
            System.out.printf("%nclient requests per s%n");
            clientsAfter.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - clientsBefore.getOrDefault(e.getKey(), 0L)))
                    .filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> System.out.printf("  %-70s %8.1f%n", e.getKey(), e.getValue() / elapsed));
        }
    }

    /** Requests each producer and consumer of the JVM has sent, by type and client id. */
    private static Map<String, Long> clientCounts(MBeanServerConnection server) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (String type : List.of("producer", "consumer")) {
            for (ObjectName name : server.queryNames(
                    new ObjectName("kafka." + type + ":type=" + type + "-metrics,*"), null)) {
                Object total = server.getAttribute(name, "request-total");
                counts.put(type + " " + name.getKeyProperty("client-id"), ((Number) total).longValue());
            }
        }
        return counts;
    }

    /** Request count per type, versions summed. */
    private static Map<String, Long> counts(MBeanServerConnection server) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (ObjectName name : server.queryNames(
                new ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
            String request = name.getKeyProperty("request");
            Object count = server.getAttribute(name, "Count");
            counts.merge(request, ((Number) count).longValue(), Long::sum);
        }
        return counts;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
