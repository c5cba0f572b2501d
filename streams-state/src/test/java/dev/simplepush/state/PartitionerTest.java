package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.PutOutcome;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PartitionerTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";

    @Test
    void nodeCommandsLandOnThePartitionOfTheirNode() {
        NodeIdPartitioner partitioner = new NodeIdPartitioner();

        assertThat(partitioner.partitions("node-commands", UAID,
                new NodeCommand.CloseConnection(7, "c1", UAID), 16)).isEqualTo(Optional.of(Set.of(7)));
        assertThat(partitioner.partitions("node-commands", UAID,
                new NodeCommand.Deliver(0, "c1", UAID, List.of(), null), 16)).isEqualTo(Optional.of(Set.of(0)));
    }

    @Test
    void aCommandForANodeBeyondTheTopicIsDropped() {
        assertThat(new NodeIdPartitioner().partitions("node-commands", UAID,
                new NodeCommand.CloseConnection(16, "c1", UAID), 16)).isEqualTo(Optional.of(Set.of()));
    }

    @Test
    void gatewayRepliesLandOnThePartitionOfTheirGateway() {
        assertThat(new GatewayIdPartitioner().partitions("gateway-replies", UAID,
                new GatewayReply(3, "r1", PutOutcome.STORED), 16)).isEqualTo(Optional.of(Set.of(3)));
    }

    @Test
    void aReplyForAGatewayBeyondTheTopicIsDropped() {
        assertThat(new GatewayIdPartitioner().partitions("gateway-replies", UAID,
                new GatewayReply(-1, "r1", PutOutcome.STORED), 16)).isEqualTo(Optional.of(Set.of()));
    }
}
