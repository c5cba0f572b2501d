package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.PutOutcome;
import dev.simplepush.schemas.Update;
import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.WakeRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec §11.3: when the topology asks for an offline device to be woken, and when it does not. */
class WakeTopologyTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";
    private static final String OTHER_CHID = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    private static final int NODE = 1;
    private static final WakeData WAKE = new WakeData("10.1.2.3", 2442, "214", "07", "n1");
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(30);

    @TempDir
    Path stateDir;

    private StateDriver state;

    private StateDriver start(WakePolicy policy) {
        state = new StateDriver(stateDir, Map.of("state.node.dead.after", "6s", "state.node.check.interval", "1s"),
                policy);
        return state;
    }

    @AfterEach
    void stop() {
        if (state != null) {
            state.close();
        }
    }

    /** A device with wake data and one channel, then offline. */
    private void offlineWithWake() {
        state.connectWithWake(UAID, NODE, "c1", WAKE, CHID);
        state.disconnect(UAID, NODE, "c1");
        state.drain();
    }

    @Test
    void aPutStoredForAnOfflineDeviceWithWakeDataAsksForAWake() {
        start(WakePolicy.on(MIN_INTERVAL));
        offlineWithWake();

        state.put(UAID, CHID, 7);

        assertThat(state.gatewayReplies.readValuesToList()).extracting(r -> r.outcome())
                .containsExactly(PutOutcome.STORED);
        var records = state.wakeRequests.readKeyValuesToList();
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.key).isEqualTo(UAID);
            assertThat(record.value).isEqualTo(new WakeRequest(UAID, WAKE, 7, 1, WakeRequest.Reason.STORED,
                    state.now()));
        });
    }

    @Test
    void aPutForAConnectedDeviceWakesNothing() {
        start(WakePolicy.on(MIN_INTERVAL));
        state.connectWithWake(UAID, NODE, "c1", WAKE, CHID);

        state.put(UAID, CHID, 7);

        assertThat(state.wakeRequests.isEmpty()).isTrue();
    }

    @Test
    void aDeviceWithoutWakeDataIsNeverWoken() {
        start(WakePolicy.on(MIN_INTERVAL));
        state.connect(UAID, NODE, "c1", CHID);
        state.disconnect(UAID, NODE, "c1");

        state.put(UAID, CHID, 7);

        assertThat(state.wakeRequests.isEmpty()).isTrue();
    }

    @Test
    void withoutADriverNothingIsEverEmitted() {
        start(WakePolicy.OFF);
        offlineWithWake();

        state.put(UAID, CHID, 7);

        assertThat(state.wakeRequests.isEmpty()).isTrue();
        assertThat(state.registrations().get(UAID).lastWakeMillis()).isZero();
    }

    @Test
    void aBurstOfPutsAsksOnceUntilTheMinimumIntervalHasPassed() {
        start(WakePolicy.on(MIN_INTERVAL));
        offlineWithWake();

        state.put(UAID, CHID, 1);
        state.put(UAID, CHID, 2);
        state.put(UAID, OTHER_CHID, 3);
        state.advance(MIN_INTERVAL.minusSeconds(1));
        state.put(UAID, CHID, 4);
        assertThat(state.wakeRequests.readValuesToList()).extracting(WakeRequest::version).containsExactly(1L);

        state.advance(Duration.ofSeconds(1));
        state.put(UAID, CHID, 5);
        assertThat(state.wakeRequests.readValuesToList()).singleElement()
                .satisfies(request -> assertThat(request.version()).isEqualTo(5))
                .satisfies(request -> assertThat(request.pending()).isEqualTo(1));
    }

    @Test
    void aDisconnectWithUpdatesPendingAsksForOneWake() {
        start(WakePolicy.on(MIN_INTERVAL));
        state.connectWithWake(UAID, NODE, "c1", WAKE, CHID);
        state.put(UAID, CHID, 9);
        assertThat(state.wakeRequests.isEmpty()).isTrue();

        state.disconnect(UAID, NODE, "c1");
        state.disconnect(UAID, NODE, "c1");

        assertThat(state.wakeRequests.readValuesToList()).singleElement()
                .isEqualTo(new WakeRequest(UAID, WAKE, 9, 1, WakeRequest.Reason.DISCONNECTED, state.now()));
    }

    @Test
    void aDisconnectWithNothingPendingWakesNothing() {
        start(WakePolicy.on(MIN_INTERVAL));
        state.connectWithWake(UAID, NODE, "c1", WAKE, CHID);
        state.put(UAID, CHID, 9);
        state.ack(UAID, NODE, "c1", Update.of(CHID, 9));

        state.disconnect(UAID, NODE, "c1");

        assertThat(state.wakeRequests.isEmpty()).isTrue();
    }

    @Test
    void aPutForADeviceWhoseNodeIsDeadAsksForAWake() {
        start(WakePolicy.on(MIN_INTERVAL));
        state.heartbeat(NODE, "aaaa");
        state.connectWithWake(UAID, NODE, "aaaa-1", WAKE, CHID);
        // NODE falls silent while another node keeps beating: NODE is judged dead.
        for (int i = 0; i < 8; i++) {
            state.advance(Duration.ofSeconds(1));
            state.heartbeat(NODE + 1, "bbbb");
        }

        state.put(UAID, CHID, 3);

        assertThat(state.wakeRequests.readValuesToList()).extracting(WakeRequest::reason)
                .containsExactly(WakeRequest.Reason.STORED);
    }

    @Test
    void theLastWakeTimeIsKeptWithTheRegistrationAndSurvivesItsChanges() {
        start(WakePolicy.on(MIN_INTERVAL));
        offlineWithWake();
        state.put(UAID, CHID, 1);

        assertThat(state.registrations().get(UAID).lastWakeMillis()).isEqualTo(state.now());
        assertThat(state.registrations().get(UAID).withChannelCount(2).seenAt(5).lastWakeMillis())
                .isEqualTo(state.now());
    }
}
