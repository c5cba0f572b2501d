package dev.simplepush.schemas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class UaidPartitionerTest {
    @Test
    void aUaidLandsWhereTheProducersDefaultPartitionerPutsIt() {
        for (String uaid : List.of("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210",
                "11111111-2222-4333-8444-555555555555", "a")) {
            for (int partitions : new int[] {1, 4, 12, 100}) {
                assertThat(UaidPartitioner.partition(uaid, partitions)).as("%s of %d", uaid, partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(uaid.getBytes(StandardCharsets.UTF_8),
                                partitions));
            }
        }
    }
}
