package dev.simplepush.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.JsonSerde;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.TopicAdmin;
import dev.simplepush.schemas.TopicLayout;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditEvent.HelloReason;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Scans a million audit records with {@code simplepush audit} and reports the throughput. No
 * assertion on the rate: machines differ; the number is printed for the record.
 */
@WithKafkaCluster
class AuditScanThroughputIT {
    private static final int RECORDS = 1_000_000;
    private static final int DEVICES = 1_000;

    @Test
    void aMillionRecordScanReportsItsThroughput(KafkaCluster cluster) {
        try (Admin admin = cluster.createAdmin()) {
            TopicAdmin.ensureTopics(admin, cluster.topics(), new TopicLayout(4, 1, 1, (short) 1, 1,
                    Duration.ofMillis(-1)));
        }
        long produceBegin = System.nanoTime();
        produce(cluster);
        System.out.printf("audit scan: wrote %,d records in %.1f s%n", RECORDS,
                (System.nanoTime() - produceBegin) / 1e9);

        // Every record parsed: the channel is inside the JSON.
        scan(cluster, "every record parsed (--channel)", "--channel", chid(0));
        // Records of other types skipped by their leading type name, unparsed.
        scan(cluster, "type skipped unparsed (--type expired)", "--type", "expired");
    }

    private static void scan(KafkaCluster cluster, String what, String... filter) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(new AuditCommand());
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", cluster.bootstrapServers(),
                "--set", "topics.prefix=" + cluster.topicPrefix(), "--format", "jsonl", "--no-summary"));
        args.addAll(List.of(filter));
        int exit = line.execute(args.toArray(String[]::new));

        System.out.println("audit scan, " + what + ": " + err.toString().trim());
        assertThat(exit).isZero();
        assertThat(out.toString().lines()).as("device 0's expiries").hasSize(RECORDS / DEVICES);
        Matcher scanned = Pattern.compile("scanned ([\\d,]+) records .* \\(([\\d,]+) records/s\\)")
                .matcher(err.toString());
        assertThat(scanned.find()).isTrue();
        assertThat(Long.parseLong(scanned.group(1).replace(",", ""))).isEqualTo(RECORDS);
        System.out.printf("audit scan throughput, %s: %s records/s over %,d records%n", what, scanned.group(2),
                RECORDS);
    }

    private static String chid(int device) {
        return String.format("%08x-0000-4000-8000-%012x", device, device);
    }

    /** Each device's life, cycled: every thousandth record is an expiry, which the scan looks for. */
    private static void produce(KafkaCluster cluster) {
        JsonSerde<AuditEvent> serde = JsonSerde.of(AuditEvent.class);
        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        long t = 1_741_946_400_000L;
        for (int i = 0; i < DEVICES; i++) {
            String uaid = String.format("%032x", i);
            String chid = chid(i);
            List<AuditEvent> life = List.of(
                    new AuditEvent.Hello(uaid, 0, "c" + i, HelloOutcome.ACCEPTED, HelloReason.KNOWN, 1, 0, t),
                    new AuditEvent.Accepted(0, "0-" + i, uaid, chid, i, 0, 200, t + 1),
                    // A live delivery as a node writes it: carrying its routing.
                    new AuditEvent.Delivered(0, "c" + i, uaid, chid, i, "0-" + i, t + 3, t + 2),
                    new AuditEvent.Acked(uaid, chid, i, 0, "c" + i, t + 4));
            keys.add(uaid);
            values.add(serde.serialize("audit", i == 0
                    ? new AuditEvent.Expired(uaid, chid, i, "ttl", t + 5) : life.get(i % life.size())));
        }
        Map<String, Object> props = cluster.clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        String topic = cluster.topics().audit().name();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                int device = i % DEVICES;
                producer.send(new ProducerRecord<>(topic, null, t + i, keys.get(device), values.get(device)));
            }
            producer.flush();
        }
    }
}
