package dev.simplepush.reliability;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Scenario 5: half the devices go offline and PUTs for them are stored; then every service and
 * every broker is stopped (SIGTERM) and started again on the same data. The devices that stayed
 * online reconnect by themselves; the offline half comes back later with its uaid and channels.
 * Registrations survived if no hello is answered with a new uaid and no PUT gets 404; pending
 * versions survived if the invariant holds.
 */
@WithReliabilityCluster
class FullRestartIT {

    @TestFactory
    Stream<DynamicTest> registrationsAndPendingVersionsSurviveAFullRestart(ReliabilityCluster cluster) {
        return Scenario.runs("5. stop everything, start again", cluster, () -> new Scenario.Fault() {
            private List<LedgerDevice> offline;

            @Override
            public void inject(Scenario.Context context) {
                context.fleet.stopChurn();
                offline = context.fleet.devices().stream().filter(device -> device.uaid().hashCode() % 2 == 0)
                        .toList();
                offline.forEach(LedgerDevice::goOffline);
                pause(5);
                context.faultAt();
                java.util.Set<LedgerDevice> online = context.fleet.devices().stream()
                        .filter(LedgerDevice::wantsOnline).collect(java.util.stream.Collectors.toSet());
                long began = System.nanoTime();
                int killed = cluster.stopAndStartEverything();
                long restartMillis = ReliabilityCluster.millisSince(began);
                context.measureReconnect(online, java.time.Duration.ofSeconds(120));
                context.note(offline.size() + " devices offline across the restart; stop and start took "
                        + restartMillis / 1000 + " s" + (killed == 0 ? "" : "; " + killed
                        + " broker(s) needed SIGKILL after 60 s of SIGTERM"));
            }

            @Override
            public void heal(Scenario.Context context) {
                offline.forEach(LedgerDevice::goOnline);
            }
        });
    }

    private static void pause(long seconds) {
        try {
            TimeUnit.SECONDS.sleep(seconds);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
