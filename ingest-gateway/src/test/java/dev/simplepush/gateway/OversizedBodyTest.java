package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.config.ConfigSource;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bodies over {@code gateway.max.body.bytes} get 413 (spec §9.3) that a naive client, one that
 * writes its whole request before reading, can read: the gateway reads and throws away the rest
 * of the body (up to a bound) instead of closing on unread data, which would reset the
 * connection and lose the answer.
 */
class OversizedBodyTest {
    private TestGateway gateway;

    @BeforeEach
    void start() {
        gateway = new TestGateway(HttpLimits.defaults());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void aFiveMegabyteBodyWithContentLengthGets413ThatTheClientCanRead() {
        long size = 5L * 1024 * 1024;
        RawHttp.Answer answer = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(), "Content-Length: " + size),
                RawHttp.Body.filler(size));

        assertThat(answer.failure()).isNull();
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).isEqualTo("\"Body exceeds max length of " + TestGateway.MAX_BODY + " bytes\"");
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void aTwentyMegabyteChunkedBodyGets413ThatTheClientCanRead() {
        RawHttp.Answer answer = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(), "Transfer-Encoding: chunked"),
                RawHttp.Body.chunked(20L * 1024 * 1024));

        assertThat(answer.failure()).isNull();
        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body()).isEqualTo("\"Body exceeds max length of " + TestGateway.MAX_BODY + " bytes\"");
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void aChunkedBodyBeyondTheDiscardCapIsAnswered413AndNotReadToItsEnd() {
        long size = 512L * 1024 * 1024;
        AtomicLong written = new AtomicLong();
        RawHttp.Body counted = out -> RawHttp.Body.chunked(size).writeTo(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                written.addAndGet(len);
            }
        });
        try (TestGateway small = new TestGateway(HttpLimits.from(ConfigSource.of(
                Map.of(HttpLimits.MAX_DISCARD_BYTES, Integer.toString(1 << 20)))))) {
            RawHttp.Answer answer = RawHttp.send(small.port(), RawHttp.put(small.path(), "Transfer-Encoding: chunked"),
                    counted);

            // The gateway stops reading after about 1 MiB and closes, so the client's write fails;
            // whether it still reads the 413 depends on the reset racing it.
            assertThat(written.get()).as("bytes the client managed to write").isLessThan(size / 4);
            assertThat(answer.status()).as(answer.toString()).isIn(0, 413);
            assertThat(small.written).isEmpty();
        }
    }

    @Test
    void aBodyJustOverTheCapGets413AndJustUnderItIsAccepted() {
        String under = "version=5&data=" + "a".repeat(4000);
        RawHttp.Answer accepted = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(),
                "Content-Length: " + under.length()), RawHttp.Body.bytes(under.getBytes()));
        RawHttp.Answer refused = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(),
                "Content-Length: " + (TestGateway.MAX_BODY + 1)), RawHttp.Body.filler(TestGateway.MAX_BODY + 1));

        assertThat(accepted.status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(413);
    }
}
