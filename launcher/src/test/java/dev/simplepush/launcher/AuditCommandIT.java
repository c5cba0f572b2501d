package dev.simplepush.launcher;

import static dev.simplepush.launcher.AuditHistory.CHID_A;
import static dev.simplepush.launcher.AuditHistory.CHID_B;
import static dev.simplepush.launcher.AuditHistory.UAID_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.testing.KafkaCluster;
import dev.simplepush.testing.WithKafkaCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/** {@code simplepush audit} against a real broker and a generated history with known times: exact output. */
@WithKafkaCluster
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditCommandIT {
    private KafkaCluster cluster;

    record Result(int exit, String out, String err) {
    }

    @BeforeAll
    void writeHistory(KafkaCluster cluster) {
        this.cluster = cluster;
        AuditHistory.write(cluster);
    }

    @Test
    void aUaidsRecordsAreReadFromItsPartitionAloneAndPrintedInTimeOrderWithASummary() {
        Result result = audit("--uaid", UAID_A);

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("""
                TIME (UTC)                TYPE          UAID                              CHANNEL                               VERSION  DETAIL
                2025-03-14T10:00:00.000Z  hello         0123456789abcdef0123456789abcdef  -                                           -  ACCEPTED (ADOPTED), 0 channels, 0 pending, node 0 connection c1
                2025-03-14T10:00:00.005Z  registered    0123456789abcdef0123456789abcdef  11111111-2222-4333-8444-555555555555        -  status 200, node 0 connection c1
                2025-03-14T10:00:01.000Z  accepted      0123456789abcdef0123456789abcdef  11111111-2222-4333-8444-555555555555        1  status 200, gateway 0, request 0-1, 3 data bytes
                2025-03-14T10:00:01.004Z  routed        0123456789abcdef0123456789abcdef  11111111-2222-4333-8444-555555555555        1  to node 0 connection c1 (request 0-1)
                2025-03-14T10:00:01.010Z  delivered     0123456789abcdef0123456789abcdef  11111111-2222-4333-8444-555555555555        1  node 0 connection c1, live (request 0-1)
                2025-03-14T10:00:01.250Z  acked         0123456789abcdef0123456789abcdef  11111111-2222-4333-8444-555555555555        1  node 0 connection c1
                2025-03-14T10:00:02.000Z  accepted      0123456789abcdef0123456789abcdef  11111111-2222-4333-8444-555555555555        2  status 202, gateway 0, request 0-2, 0 data bytes
                2025-03-14T10:00:02.003Z  routed        0123456789abcdef0123456789abcdef  11111111-2222-4333-8444-555555555555        2  stored, device offline (request 0-2)
                2025-03-14T10:00:05.000Z  hello         0123456789abcdef0123456789abcdef  -                                           -  ACCEPTED (KNOWN), 1 channel, 1 pending, node 1 connection c2
                2025-03-14T10:00:05.002Z  delivered     0123456789abcdef0123456789abcdef  11111111-2222-4333-8444-555555555555        2  node 1 connection c2, flush after hello
                2025-03-14T10:00:05.100Z  acked         0123456789abcdef0123456789abcdef  11111111-2222-4333-8444-555555555555        2  node 1 connection c2

                summary: 11 records
                  accepted            2   status 200: 1, status 202: 1
                  routed              2   NODE: 1, STORED: 1
                  delivered           2   flush: 1, live: 1
                  acked               2
                  registered          1   status 200: 1
                  hello               2   ACCEPTED ADOPTED: 1, ACCEPTED KNOWN: 1
                  accepted->delivered  ms: p50 10, p90 3002, p99 3002, max 3002 (n=2)
                    accepted->routed   ms: p50 3, p90 4, p99 4, max 4 (n=2)
                    routed->delivered  ms: p50 6, p90 2999, p99 2999, max 2999 (n=2)
                  delivered->acked     ms: p50 98, p90 240, p99 240, max 240 (n=2)
                """);
        assertThat(result.err()).as("only the uaid's partition: A's 11 records, not B's 9")
                .startsWith("audit: scanned 11 records of " + cluster.topic("audit"));
    }

    @Test
    void aChannelAsCsvKeepsTheSummaryOutOfTheData() {
        Result result = audit("--channel", CHID_B, "--format", "csv");

        assertThat(result.out()).isEqualTo(String.join("\r\n",
                "time,type,uaid,channelId,version,status,route,outcome,reason,gatewayId,requestId,nodeId,connectionId,"
                        + "dataLength,channelCount,pending,message",
                "2025-03-14T10:00:00.105Z,registered,fedcba9876543210fedcba9876543210,aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee,,200,,,,,,0,c3,,,,",
                "2025-03-14T10:00:03.000Z,accepted,fedcba9876543210fedcba9876543210,aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee,7,200,,,,0,0-3,,,0,,,",
                "2025-03-14T10:00:03.002Z,routed,fedcba9876543210fedcba9876543210,aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee,7,,NODE,,,,0-3,0,c3,,,,",
                "2025-03-14T10:00:03.030Z,delivered,fedcba9876543210fedcba9876543210,aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee,7,,,,,,0-3,0,c3,,,,",
                "2025-03-14T10:00:03.530Z,acked,fedcba9876543210fedcba9876543210,aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee,7,,,,,,,0,c3,,,,",
                "2025-03-14T10:00:04.000Z,unregistered,fedcba9876543210fedcba9876543210,aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee,,200,,,,,,0,c3,,,,",
                ""));
        assertThat(result.err()).startsWith("""
                summary: 6 records
                  accepted            1   status 200: 1
                  routed              1   NODE: 1
                  delivered           1   live: 1
                  acked               1
                  registered          1   status 200: 1
                  unregistered        1   status 200: 1
                  accepted->delivered  ms: p50 30, p90 30, p99 30, max 30 (n=1)
                    accepted->routed   ms: p50 2, p90 2, p99 2, max 2 (n=1)
                    routed->delivered  ms: p50 28, p90 28, p99 28, max 28 (n=1)
                  delivered->acked     ms: p50 500, p90 500, p99 500, max 500 (n=1)
                audit: scanned 19 records""");
    }

    @Test
    void aTypeFilterAsJsonlPrintsTheRecordsAsStored() {
        Result result = audit("--type", "accepted", "--format", "jsonl", "--no-summary");

        assertThat(result.out()).isEqualTo("""
                {"type":"accepted","gatewayId":0,"requestId":"0-1","uaid":"0123456789abcdef0123456789abcdef","channelId":"11111111-2222-4333-8444-555555555555","version":1,"dataLength":3,"status":200,"time":1741946401000}
                {"type":"accepted","gatewayId":0,"requestId":"0-2","uaid":"0123456789abcdef0123456789abcdef","channelId":"11111111-2222-4333-8444-555555555555","version":2,"dataLength":0,"status":202,"time":1741946402000}
                {"type":"accepted","gatewayId":0,"requestId":"0-3","uaid":"fedcba9876543210fedcba9876543210","channelId":"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee","version":7,"dataLength":0,"status":200,"time":1741946403000}
                {"type":"accepted","gatewayId":0,"requestId":"0-4","uaid":"fedcba9876543210fedcba9876543210","channelId":"99999999-9999-4999-8999-999999999999","version":1,"dataLength":0,"status":404,"time":1741946404500}
                """);
        assertThat(result.err()).startsWith("audit: scanned 19 records").contains("4 matched");
    }

    @Test
    void aRoutingCarriedByItsDeliveryIsListedAsARoutingOfItsOwnTimeAndNotPastTheWindow() {
        // Device B's version 7: one record, a delivery at 03.030 carrying its routing at 03.002.
        Result result = audit("--type", "routed", "--to", "2025-03-14T10:00:03.010Z", "--format", "jsonl",
                "--no-summary");

        assertThat(result.out()).contains("""
                {"type":"routed","uaid":"fedcba9876543210fedcba9876543210","channelId":"aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee","version":7,"route":"NODE","nodeId":0,"connectionId":"c3","requestId":"0-3","time":1741946403002}
                """).doesNotContain("\"type\":\"delivered\"").doesNotContain("routedAt");
    }

    @Test
    void aTimeWindowSeeksToItsStartAndKeepsRecordsWithinIt() {
        Result result = audit("--from", "2025-03-14T10:00:02Z", "--to", "2025-03-14T10:00:03.100Z", "--type",
                "accepted,routed,delivered,acked");

        assertThat(result.out()).isEqualTo(WINDOW);
        assertThat(result.err()).as("seeked past the first records").doesNotStartWith("audit: scanned 19 records");
    }

    @Test
    void relativeTimesCountBackFromNow() {
        // The command's clock reads T0 + 3.1 s.
        Result result = audit("--from", "-1100ms", "--to", "now", "--type", "accepted,routed,delivered,acked");

        assertThat(result.out()).isEqualTo(WINDOW);
    }

    private static final String WINDOW = """
            TIME (UTC)                TYPE          UAID                              CHANNEL                               VERSION  DETAIL
            2025-03-14T10:00:02.000Z  accepted      0123456789abcdef0123456789abcdef  11111111-2222-4333-8444-555555555555        2  status 202, gateway 0, request 0-2, 0 data bytes
            2025-03-14T10:00:02.003Z  routed        0123456789abcdef0123456789abcdef  11111111-2222-4333-8444-555555555555        2  stored, device offline (request 0-2)
            2025-03-14T10:00:03.000Z  accepted      fedcba9876543210fedcba9876543210  aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee        7  status 200, gateway 0, request 0-3, 0 data bytes
            2025-03-14T10:00:03.002Z  routed        fedcba9876543210fedcba9876543210  aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee        7  to node 0 connection c3 (request 0-3)
            2025-03-14T10:00:03.030Z  delivered     fedcba9876543210fedcba9876543210  aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee        7  node 0 connection c3, live (request 0-3)

            summary: 5 records
              accepted            2   status 200: 1, status 202: 1
              routed              2   NODE: 1, STORED: 1
              delivered           1   live: 1
              accepted->delivered  ms: p50 30, p90 30, p99 30, max 30 (n=1)
                accepted->routed   ms: p50 2, p90 3, p99 3, max 3 (n=2)
                routed->delivered  ms: p50 28, p90 28, p99 28, max 28 (n=1)
              delivered->acked     none
            """;

    @Test
    void theSummaryOfEverythingCountsEachTypeByOutcomeWithLatencyPercentiles() {
        Result result = audit("--format", "jsonl");

        assertThat(result.out().lines()).hasSize(20);
        assertThat(result.err()).startsWith("""
                summary: 20 records
                  accepted            4   status 200: 2, status 202: 1, status 404: 1
                  routed              4   NODE: 2, STORED: 1, UNKNOWN: 1
                  delivered           3   flush: 1, live: 2
                  acked               3
                  registered          2   status 200: 2
                  unregistered        1   status 200: 1
                  hello               3   ACCEPTED ADOPTED: 2, ACCEPTED KNOWN: 1
                  accepted->delivered  ms: p50 30, p90 3002, p99 3002, max 3002 (n=3)
                    accepted->routed   ms: p50 2, p90 4, p99 4, max 4 (n=4)
                    routed->delivered  ms: p50 28, p90 2999, p99 2999, max 2999 (n=3)
                  delivered->acked     ms: p50 240, p90 500, p99 500, max 500 (n=3)
                audit: scanned 19 records""");
    }

    @Test
    void traceShowsEachVersionFromPutToAckWithTheHelloThatLetAStoredOneThrough() {
        Result result = audit("trace", "--uaid", UAID_A, "--channel", CHID_A);

        assertThat(result.exit()).isZero();
        assertThat(result.out()).isEqualTo("""
                trace of channel 11111111-2222-4333-8444-555555555555 of uaid 0123456789abcdef0123456789abcdef

                channel
                  2025-03-14T10:00:00.005Z  registered                status 200, node 0 connection c1

                version 1
                  2025-03-14T10:00:01.000Z  accepted                  status 200, gateway 0, request 0-1, 3 data bytes
                  2025-03-14T10:00:01.004Z  routed             +4 ms  to node 0 connection c1 (request 0-1)
                  2025-03-14T10:00:01.010Z  delivered          +6 ms  node 0 connection c1, live (request 0-1)
                  2025-03-14T10:00:01.250Z  acked            +240 ms  node 0 connection c1
                  PUT->delivered 10 ms, delivered->acked 240 ms, PUT->acked 250 ms

                version 2
                  2025-03-14T10:00:02.000Z  accepted                  status 202, gateway 0, request 0-2, 0 data bytes
                  2025-03-14T10:00:02.003Z  routed             +3 ms  stored, device offline (request 0-2)
                  2025-03-14T10:00:05.000Z  hello           +2997 ms  ACCEPTED (KNOWN), 1 channel, 1 pending, node 1 connection c2
                  2025-03-14T10:00:05.002Z  delivered          +2 ms  node 1 connection c2, flush after hello
                  2025-03-14T10:00:05.100Z  acked             +98 ms  node 1 connection c2
                  PUT->delivered 3002 ms, delivered->acked 98 ms, PUT->acked 3100 ms
                """);
    }

    @Test
    void traceOfOneVersionWithoutAUaidReadsEveryPartition() {
        Result result = audit("trace", "--channel", CHID_B, "--version", "7");

        assertThat(result.out()).isEqualTo("""
                trace of channel aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee

                channel
                  2025-03-14T10:00:00.105Z  registered                status 200, node 0 connection c3
                  2025-03-14T10:00:04.000Z  unregistered              status 200, node 0 connection c3

                version 7
                  2025-03-14T10:00:03.000Z  accepted                  status 200, gateway 0, request 0-3, 0 data bytes
                  2025-03-14T10:00:03.002Z  routed             +2 ms  to node 0 connection c3 (request 0-3)
                  2025-03-14T10:00:03.030Z  delivered         +28 ms  node 0 connection c3, live (request 0-3)
                  2025-03-14T10:00:03.530Z  acked            +500 ms  node 0 connection c3
                  PUT->delivered 30 ms, delivered->acked 500 ms, PUT->acked 530 ms
                """);
        assertThat(result.err()).startsWith("audit: scanned 19 records");
    }

    @Test
    void traceOfAChannelWithoutRecordsSaysSoAndExitsWithOne() {
        Result result = audit("trace", "--uaid", UAID_A, "--channel", CHID_B);

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEqualTo("""
                trace of channel aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee of uaid 0123456789abcdef0123456789abcdef
                  no audit records
                """);
    }

    @Test
    void followPrintsRecordsAsTheyArriveUntilStopped() throws Exception {
        String uaid = "00000000000000000000000000000f01";
        String chid = "f0f0f0f0-0000-4000-8000-000000000001";
        AuditCommand command = command();
        StringWriter out = new StringWriter();
        CommandLine line = commandLine(command, out, new StringWriter());
        // A topic of its own, so the other tests' counts stay as they are.
        String topic = cluster.topic("followed-audit");
        try (Admin admin = cluster.createAdmin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> line.execute(withCluster(
                "--follow", "--format", "jsonl", "--uaid", uaid, "--topic", topic)));
        AuditHistory.write(cluster, topic, List.of(new AuditEvent.Acked(uaid, chid, 1, 0, "c9", AuditHistory.t(6_000))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(out.toString()).contains("\"version\":1"));

        AuditHistory.write(cluster, topic, List.of(new AuditEvent.Acked(uaid, chid, 2, 0, "c9", AuditHistory.t(7_000))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(out.toString()).contains("\"version\":2"));
        command.stop();

        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString().lines()).hasSize(2);
    }

    @Test
    void aMissingTopicIsReportedAndNotCreated() {
        Result result = audit("--topic", cluster.topic("no-such-audit"));

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("there is no topic " + cluster.topic("no-such-audit"));
    }

    @Test
    void aTimeThatIsNotOneIsAUsageError() {
        Result result = audit("--from", "yesterday");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("'yesterday' is not a time");
    }

    Result audit(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = commandLine(command(), out, err).execute(withCluster(args));
        return new Result(exit, out.toString(), err.toString());
    }

    /** With its clock at T0 + 3.1 s and no environment. */
    private static AuditCommand command() {
        AuditCommand command = new AuditCommand();
        command.env = Map.of();
        command.clock = Clock.fixed(AuditHistory.T0.plusMillis(3_100), ZoneOffset.UTC);
        return command;
    }

    private static CommandLine commandLine(AuditCommand command, StringWriter out, StringWriter err) {
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        // trace is picocli's own instance: give it the same clock and environment.
        AuditTraceCommand trace = line.getSubcommands().get("trace").getCommand();
        trace.env = command.env;
        trace.clock = command.clock;
        return line;
    }

    /** The args with this cluster's bootstrap servers and topic prefix, after the subcommand if any. */
    private String[] withCluster(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        int insertAt = all.isEmpty() || !all.get(0).equals("trace") ? 0 : 1;
        all.addAll(insertAt, List.of("--bootstrap-servers", cluster.bootstrapServers(),
                "--set", "topics.prefix=" + cluster.topicPrefix()));
        return all.toArray(String[]::new);
    }
}
