package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.RegisterResult;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.audit.AuditEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, rewrite amplification: a register, an unregister or an ack writes bytes in proportion
 * to what it changes, never to the device's whole state; an ack of versions never sent writes
 * nothing at all.
 */
class StateWritesTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final int NODE = 1;

    @TempDir
    Path stateDir;

    private StateDriver state;

    @BeforeEach
    void start() {
        state = new StateDriver(stateDir, Map.of());
    }

    @AfterEach
    void stop() {
        state.close();
    }

    private static String chid(int i) {
        return new UUID(0x1111_2222_4333_0000L + i, 0x8444_5555_6666_7777L).toString();
    }

    @Test
    void theFiveHundredthRegisterWritesNoMoreThanTheFirst() {
        state.connect(UAID, NODE, "c1");
        state.changelogBytes();
        List<Long> perRegister = new ArrayList<>();
        for (int i = 0; i < StateRules.DEFAULT_MAX_CHANNELS_PER_UAID; i++) {
            state.register(UAID, NODE, "c1", chid(i));
            perRegister.add(state.changelogBytes());
        }

        assertThat(state.nodeCommands.readValuesToList()).hasSize(StateRules.DEFAULT_MAX_CHANNELS_PER_UAID)
                .allSatisfy(command -> assertThat(((RegisterResult) command).status()).isEqualTo(200));
        assertThat(perRegister.get(perRegister.size() - 1)).isLessThanOrEqualTo(perRegister.get(0) + 4)
                .isLessThan(250);
    }

    @Test
    void aRegisterBeyondTheCapWritesNothing() {
        state.connect(UAID, NODE, "c1");
        for (int i = 0; i < StateRules.DEFAULT_MAX_CHANNELS_PER_UAID; i++) {
            state.register(UAID, NODE, "c1", chid(i));
        }
        state.drain();
        state.changelogBytes();

        state.register(UAID, NODE, "c1", chid(StateRules.DEFAULT_MAX_CHANNELS_PER_UAID));

        assertThat(state.nodeCommands.readValuesToList()).containsExactly(new RegisterResult(NODE, "c1", UAID,
                chid(StateRules.DEFAULT_MAX_CHANNELS_PER_UAID), 413));
        assertThat(state.changelogBytes()).isZero();
    }

    @Test
    void anAckWritesOnlyTheRowOfTheChannelItClears() {
        String[] channels = new String[100];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = chid(i);
        }
        state.connect(UAID, NODE, "c1", channels);
        for (String channel : channels) {
            state.put(UAID, channel, 7);
        }
        state.changelogBytes();

        state.ack(UAID, NODE, "c1", Update.of(chid(3), 7));

        assertThat(state.changelog(StateStores.PENDING)).singleElement()
                .satisfies(row -> assertThat(row.key()).isEqualTo(StateKeys.channel(UAID, chid(3))))
                .satisfies(row -> assertThat(row.value()).isNull());
        assertThat(state.pendingVersions(UAID)).hasSize(99);
    }

    @Test
    void ackEntriesMatchingNothingPendingWriteNothingAndAreNotAudited() {
        state.connect(UAID, NODE, "c1", chid(0), chid(1));
        state.put(UAID, chid(0), 4);
        state.drain();
        state.audit.readValuesToList();
        state.changelogBytes();
        Update[] neverSent = new Update[5_000];
        for (int i = 0; i < neverSent.length; i++) {
            neverSent[i] = Update.of(chid(i % 2 == 0 ? 1 : 9_999 + i), i);
        }

        state.ack(UAID, NODE, "c1", neverSent);

        assertThat(state.changelogBytes()).isZero();
        assertThat(state.audit.readValuesToList()).isEmpty();
        assertThat(state.ignoredAckEntries()).as("counted instead").isEqualTo(5_000);
        assertThat(state.nodeCommands.readValuesToList()).isEmpty();
        assertThat(state.pendingVersions(UAID)).containsEntry(chid(0), 4L);
    }

    @Test
    void anAckEntryMatchingAPendingUpdateIsStillAudited() {
        state.connect(UAID, NODE, "c1", chid(0));
        state.put(UAID, chid(0), 4);
        state.audit.readValuesToList();

        state.ack(UAID, NODE, "c1", Update.of(chid(1), 4), Update.of(chid(0), 3), Update.of(chid(0), 4),
                Update.of(chid(0), 4));

        assertThat(state.audit.readValuesToList()).containsExactly(
                new AuditEvent.Acked(UAID, chid(0), 3, NODE, "c1", state.now()),
                new AuditEvent.Acked(UAID, chid(0), 4, NODE, "c1", state.now()));
        assertThat(state.pendingVersions(UAID)).isEmpty();
        assertThat(state.ignoredAckEntries()).as("the other channel's and the repeated entry").isEqualTo(2);
    }

    @Test
    void forgettingAUaidDeletesEveryRowOfItAndNoOtherDevicesRows() {
        String other = "0123456789abcdef0123456789abcdee";
        state.connect(UAID, NODE, "c1", chid(0), chid(1));
        state.connect(other, NODE, "c2", chid(0));
        state.disconnect(UAID, NODE, "c1");
        state.put(UAID, chid(1), 5);
        state.put(other, chid(0), 6);

        state.hello(UAID, NODE, "c3", StateRules.DEFAULT_MAX_CHANNELS + 1);

        assertThat(state.nodeCommands.readValuesToList()).last().isInstanceOf(NodeCommand.HelloResult.class)
                .satisfies(r -> assertThat(((NodeCommand.HelloResult) r).outcome())
                        .isEqualTo(NodeCommand.HelloOutcome.RESET));
        assertThat(state.registrations().get(UAID)).isNull();
        assertThat(state.channelIds(UAID)).isEmpty();
        assertThat(state.pendingVersions(UAID)).isEmpty();
        assertThat(state.channelIds(other)).containsExactly(chid(0));
        assertThat(state.pendingVersions(other)).containsEntry(chid(0), 6L);
    }
}
