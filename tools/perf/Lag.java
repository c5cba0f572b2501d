import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a backlog sits, every N seconds until the broker goes away: each consumer group's lag per
 * topic (end offset minus committed offset, summed over partitions) and each topic's growth.
 * `java -cp 'launcher/target/lib/*' tools/perf/Lag.java localhost:9092 [seconds]`
 */
public class Lag {
    public static void main(String[] args) throws Exception {
        long every = (long) (1000 * (args.length > 1 ? Double.parseDouble(args[1]) : 2));
        long t0 = System.currentTimeMillis();
        Map<String, Long> before = new HashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[0], "request.timeout.ms", "5000",
                "default.api.timeout.ms", "5000"))) {
            while (true) {
                Thread.sleep(every);
                StringBuilder line = new StringBuilder(String.format("t=%6.1fs", (System.currentTimeMillis() - t0) / 1000.0));
                try {
                    Set<String> names = admin.listTopics().names().get();
                    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
                    admin.describeTopics(names).allTopicNames().get().forEach((name, d) ->
                            d.partitions().forEach(p -> specs.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                    Map<TopicPartition, Long> ends = new HashMap<>();
                    admin.listOffsets(specs).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
                    Map<String, Long> sums = new TreeMap<>();
                    ends.forEach((tp, end) -> sums.merge(tp.topic(), end, Long::sum));
                    for (var e : sums.entrySet()) {
                        long grown = e.getValue() - before.getOrDefault(e.getKey(), e.getValue());
                        before.put(e.getKey(), e.getValue());
                        if (grown > 0 && !e.getKey().contains("changelog")) {
                            line.append(' ').append(e.getKey()).append("+=").append(grown);
                        }
                    }
                    for (ConsumerGroupListing g : admin.listConsumerGroups().all().get()) {
                        Map<TopicPartition, OffsetAndMetadata> committed =
                                admin.listConsumerGroupOffsets(g.groupId()).partitionsToOffsetAndMetadata().get();
                        Map<String, Long> lag = new TreeMap<>();
                        committed.forEach((tp, om) -> {
                            if (om != null && ends.containsKey(tp)) {
                                lag.merge(tp.topic(), ends.get(tp) - om.offset(), Long::sum);
                            }
                        });
                        lag.forEach((topic, l) -> line.append(" | ").append(g.groupId()).append(':').append(topic).append(" lag=").append(l));
                    }
                } catch (Exception e) {
                    System.out.println(line + " " + e.getMessage());
                    return;
                }
                System.out.println(line);
            }
        }
    }
}
