package dev.simplepush.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.NodeCommand;
import dev.simplepush.schemas.NodeCommand.CloseConnection;
import dev.simplepush.schemas.NodeCommand.Deliver;
import dev.simplepush.schemas.NodeCommand.HelloOutcome;
import dev.simplepush.schemas.NodeCommand.HelloResult;
import dev.simplepush.schemas.Update;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hello that reaches streams-state after its node stopped waiting (the node answered 503 and
 * closed the socket) is skipped: no answer, no presence, no takeover. What matters is that the
 * device's next hello finds everything as if the abandoned one had never been sent.
 */
class AbandonedHelloTopologyTest {
    private static final String UAID = "0123456789abcdef0123456789abcdef";
    private static final String CHID = "11111111-2222-4333-8444-555555555555";
    private static final int OLD_NODE = 2;
    private static final int NODE = 1;
    private static final long WAIT = Duration.ofSeconds(10).toMillis();

    @TempDir
    Path stateDir;

    private StateDriver driver;

    @BeforeEach
    void start() {
        driver = new StateDriver(stateDir, Map.of());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aHelloStillAwaitedIsAnsweredAsAlways() {
        driver.connect(UAID, OLD_NODE, "old", CHID);

        driver.hello(UAID, NODE, "new", 1, driver.now() + WAIT);

        assertThat(driver.nodeCommands.readValuesToList()).containsExactly(
                new CloseConnection(OLD_NODE, "old", UAID),
                new HelloResult(NODE, "new", UAID, HelloOutcome.ACCEPTED, false));
        assertThat(driver.presence().get(UAID)).isEqualTo(new Presence(NODE, "new"));
    }

    @Test
    void aHelloWhoseNodeStoppedWaitingIsSkippedWithoutAnswerPresenceOrTakeover() {
        driver.connect(UAID, OLD_NODE, "old", CHID);
        long lastSeen = driver.registrations().get(UAID).lastSeenMillis();
        long answerBy = driver.now() + WAIT;
        driver.advance(Duration.ofMillis(WAIT + 1));

        driver.hello(UAID, NODE, "gave-up", 1, answerBy);

        assertThat(driver.nodeCommands.readValuesToList()).isEmpty();
        assertThat(driver.presence().get(UAID)).isEqualTo(new Presence(OLD_NODE, "old"));
        assertThat(driver.registrations().get(UAID).lastSeenMillis()).isEqualTo(lastSeen);
    }

    @Test
    void theNextHelloAfterASkippedOneGetsEverythingPending() {
        driver.connect(UAID, OLD_NODE, "old", CHID);
        driver.disconnect(UAID, OLD_NODE, "old");
        driver.put(UAID, CHID, 7);
        driver.drain();
        long answerBy = driver.now() + WAIT;
        driver.advance(Duration.ofMillis(WAIT + 1));
        driver.hello(UAID, NODE, "gave-up", 1, answerBy);

        driver.hello(UAID, NODE, "again", 1, driver.now() + WAIT);

        List<NodeCommand> commands = driver.nodeCommands.readValuesToList();
        assertThat(commands).containsExactly(
                new HelloResult(NODE, "again", UAID, HelloOutcome.ACCEPTED, true),
                new Deliver(NODE, "again", UAID, List.of(Update.of(CHID, 7)), null));
    }

    @Test
    void aHelloWithoutADeadlineIsAnsweredHoweverLateItIsRead() {
        driver.connect(UAID, OLD_NODE, "old", CHID);
        driver.advance(Duration.ofMinutes(5));

        driver.hello(UAID, NODE, "new", 1);

        assertThat(driver.nodeCommands.readValuesToList())
                .contains(new HelloResult(NODE, "new", UAID, HelloOutcome.ACCEPTED, false));
    }
}
