import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.TopicPartition;

/** Every second, for tools/perf/storm.sh: end offsets of the pipeline topics (node-commands and deliveries per partition) and streams-state's committed offsets. `java -cp 'launcher/target/lib/*' tools/perf/StormWatch.java HOST:PORT`. */
public class StormWatch {
    public static void main(String[] args) throws Exception {
        String[] topics = {"device-events", "notifications", "node-commands", "deliveries", "gateway-replies"};
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[0]))) {
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            admin.describeTopics(List.of(topics)).allTopicNames().get().forEach((name, d) ->
                    d.partitions().forEach(p -> specs.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            while (true) {
                long t = System.currentTimeMillis();
                Map<String, Long> sums = new TreeMap<>();
                admin.listOffsets(specs).all().get().forEach((tp, info) -> sums.merge(tp.topic() + (tp.topic().equals("node-commands") || tp.topic().equals("deliveries") ? "-" + tp.partition() : ""), info.offset(), Long::sum));
                Map<String, Long> committed = new TreeMap<>();
                try {
                    admin.listConsumerGroupOffsets("simplepush-state").partitionsToOffsetAndMetadata().get()
                            .forEach((tp, om) -> { if (om != null) committed.merge(tp.topic(), om.offset(), Long::sum); });
                } catch (Exception e) { committed.put("err", 0L); }
                System.out.println(String.format("%tT %s committed %s", t, sums, committed));
                Thread.sleep(Math.max(0, 1000 - (System.currentTimeMillis() - t)));
            }
        }
    }
}
