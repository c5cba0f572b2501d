package dev.simplepush.state.wake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.Topic;
import dev.simplepush.schemas.Topics;
import dev.simplepush.schemas.WakeData;
import dev.simplepush.schemas.WakeRequest;
import dev.simplepush.schemas.config.ConfigSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatch loop's own recovery, with Kafka's {@link MockConsumer} standing in for the group
 * member so that a consumer failure can be made to happen; reading real wake requests through a
 * broker is covered by the launcher's wake ITs.
 */
class WakeDispatcherTest {
    private static final Topic<WakeRequest> TOPIC = Topics.DEFAULT.wakeRequests();
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC.name(), 0);
    private static final WakeRequest REQUEST = new WakeRequest("0123456789abcdef0123456789abcdef",
            new WakeData("10.0.0.1", 2442, "214", "07", null), 3, 1, WakeRequest.Reason.STORED, 1L);
    private static final WakeConfig CONFIG = WakeConfig.from(ConfigSource.of(Map.of("wake.driver", "udp")));

    private final BlockingQueue<WakeRequest> woken = new LinkedBlockingQueue<>();
    private final WakeDriver driver = request -> {
        woken.add(request);
        return WakeResult.WOKEN;
    };
    private WakeDispatcher dispatcher;

    @AfterEach
    void close() {
        if (dispatcher != null) {
            dispatcher.close();
        }
    }

    private static MockConsumer<byte[], byte[]> consumerWith(WakeRequest... requests) {
        MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        long offset = 0;
        for (WakeRequest request : requests) {
            byte[] value = TOPIC.valueSerde().serializer().serialize(TOPIC.name(), request);
            consumer.addRecord(new ConsumerRecord<>(TOPIC.name(), 0, offset++, new byte[0], value));
        }
        return consumer;
    }

    private WakeDispatcher start(Supplier<Consumer<byte[], byte[]>> consumers) {
        dispatcher = new WakeDispatcher(CONFIG, driver, TOPIC, consumers, 1, new SimpleMeterRegistry()).started();
        return dispatcher;
    }

    @Test
    void aConsumerThatFailsIsReplacedAndTheRequestsAreStillDispatched() throws Exception {
        MockConsumer<byte[], byte[]> failing = consumerWith(REQUEST);
        failing.setPollException(new KafkaException("the broker said something unexpected"));
        MockConsumer<byte[], byte[]> healthy = consumerWith(REQUEST);
        List<MockConsumer<byte[], byte[]>> script = List.of(failing, healthy);
        AtomicInteger made = new AtomicInteger();

        WakeDispatcher started = start(() -> script.get(Math.min(made.getAndIncrement(), 1)));

        assertThat(woken.poll(10, TimeUnit.SECONDS)).isEqualTo(REQUEST);
        assertThat(started.restarts()).isEqualTo(1);
        assertThat(failing.closed()).isTrue();
        assertThat(made).hasValue(2);
    }

    @Test
    void aConsumerThatCannotEvenBeCreatedIsTriedAgainUntilOneCan() throws Exception {
        AtomicInteger attempts = new AtomicInteger();

        WakeDispatcher started = start(() -> {
            if (attempts.incrementAndGet() < 4) {
                throw new KafkaException("no bootstrap server resolves yet");
            }
            return consumerWith(REQUEST);
        });

        assertThat(woken.poll(10, TimeUnit.SECONDS)).isEqualTo(REQUEST);
        assertThat(started.restarts()).isEqualTo(3);
    }

    @Test
    void closingDuringThePauseAfterAFailureStopsWithoutAnotherConsumer() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        BlockingQueue<Integer> failed = new LinkedBlockingQueue<>();
        dispatcher = new WakeDispatcher(CONFIG, driver, TOPIC, () -> {
            failed.add(attempts.incrementAndGet());
            throw new KafkaException("always");
        }, Duration.ofMinutes(5).toMillis(), new SimpleMeterRegistry()).started();
        assertThat(failed.poll(10, TimeUnit.SECONDS)).isEqualTo(1);

        dispatcher.close();

        assertThat(dispatcher.running()).as("the dispatch thread, five minutes before its next try").isFalse();
        assertThat(attempts).hasValue(1);
    }
}
