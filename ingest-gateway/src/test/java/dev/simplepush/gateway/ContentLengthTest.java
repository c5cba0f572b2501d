package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Content-Length values no client should send get a clean 4xx, never a 500. A well-formed number
 * above the body cap is 413 however large (RFC 9110 §8.6 asks recipients to expect large numerals
 * rather than fail on overflow, and spec §9.3 answers any size over the cap with 413); a value
 * that is not a number is broken framing, which RFC 9112 §6.3 answers with 400 and a close. The
 * one exception is Undertow's: it refuses 2^62 to 2^64 − 1 with its own 400 before we see them.
 */
class ContentLengthTest {
    private TestGateway gateway;

    @BeforeEach
    void start() {
        gateway = new TestGateway(HttpLimits.defaults());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @ParameterizedTest(name = "Content-Length: {0} is 413, then close")
    @ValueSource(strings = {"18446744073709551616", "18446744073709551621", "99999999999999999999999999999999999999",
        "1000000000000", "33554433"})
    void aLengthTooLargeToReadAndThrowAwayIs413AndTheConnectionIsClosed(String length) {
        // Undertow's own parser wraps 2^64 + 5 round to 5, so past 18 digits its framing is not
        // trusted: the answer closes the connection instead of reading what follows as a request.
        RawHttp.Answer answer = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(), "Content-Length: " + length),
                RawHttp.Body.bytes("GET /x HTTP/1.1\r\nHost: a\r\n\r\n".getBytes()));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(answer.body()).isEqualTo("\"Body exceeds max length of " + TestGateway.MAX_BODY + " bytes\"");
        assertThat(answer.header("Connection")).hasValueSatisfying(v -> assertThat(RawHttp.lower(v)).isEqualTo("close"));
        assertThat(gateway.written).isEmpty();
    }

    @ParameterizedTest(name = "Content-Length: {0} is 413")
    @ValueSource(longs = {TestGateway.MAX_BODY + 1, 1_000_000})
    void aLengthOverTheCapThatCanBeThrownAwayIs413(long length) {
        RawHttp.Answer answer = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(), "Content-Length: " + length),
                RawHttp.Body.filler(length));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(413);
        assertThat(gateway.written).isEmpty();
    }

    @ParameterizedTest(name = "Content-Length: {0} is 400")
    @ValueSource(strings = {"9223372036854775807", "9223372036854775808", "4611686018427387904"})
    void aLengthUndertowCannotRepresentGetsItsOwn400(String length) {
        // Between 2^62 and 2^64 Undertow refuses the head itself, before any handler of ours.
        RawHttp.Answer answer = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(), "Content-Length: " + length),
                RawHttp.Body.none());

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
    }

    @ParameterizedTest(name = "Content-Length: {0} is 400")
    @ValueSource(strings = {"-1", "abc", "1.5", "0x10", "+5", "5, 6", "1e3", "５", " "})
    void aLengthThatIsNotADecimalNumberIs400(String length) {
        RawHttp.Answer answer = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(), "Content-Length: " + length),
                RawHttp.Body.bytes("version=5".getBytes()));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void twoContentLengthsAre400() {
        RawHttp.Answer answer = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(), "Content-Length: 9",
                "Content-Length: 9"), RawHttp.Body.bytes("version=5".getBytes()));

        // Undertow refuses this head itself; RequestGuard would too (RFC 9112 §6.3).
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(gateway.written).isEmpty();
    }

    @Test
    void aContentLengthBesideChunkedIsRefused() {
        // RFC 9112 §6.1 lets a server refuse this (request smuggling's favourite); Undertow does.
        byte[] chunked = "9\r\nversion=5\r\n0\r\n\r\n".getBytes();
        RawHttp.Answer answer = RawHttp.send(gateway.port(), RawHttp.put(gateway.path(), "Content-Length: 3",
                "Transfer-Encoding: chunked"), RawHttp.Body.bytes(chunked));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(gateway.written).isEmpty();
    }
}
