import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.TopicPartition;

/** End offsets summed per topic (records plus transaction markers): `java -cp 'launcher/target/lib/*' tools/perf/Offsets.java localhost:9092`. */
public class Offsets {
    public static void main(String[] args) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", args[0]))) {
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            admin.describeTopics(names).allTopicNames().get().forEach((name, d) ->
                    d.partitions().forEach(p -> specs.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<String, Long> sums = new TreeMap<>();
            admin.listOffsets(specs).all().get().forEach((tp, info) -> sums.merge(tp.topic(), info.offset(), Long::sum));
            sums.forEach((t, n) -> System.out.println(t + " " + n));
        }
    }
}
