package dev.simplepush.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseParserTest {
    private final ResponseParser parser = new ResponseParser();

    private boolean feedByteByByte(String response) throws Exception {
        boolean done = false;
        for (byte b : response.getBytes(StandardCharsets.ISO_8859_1)) {
            assertThat(done).as("complete before the last byte").isFalse();
            done = parser.feed(ByteBuffer.wrap(new byte[] {b}));
        }
        return done;
    }

    @Test
    void aResponseSplitIntoSingleBytesIsReadWhole() throws Exception {
        assertThat(feedByteByByte("HTTP/1.1 202 Accepted\r\nContent-Length: 3\r\n\r\nabc")).isTrue();
        assertThat(parser.status()).isEqualTo(202);
        assertThat(parser.closeAfter()).isFalse();
    }

    @Test
    void chunksExtensionsAndTrailersAreSkipped() throws Exception {
        assertThat(feedByteByByte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;a=b\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n")).isTrue();
        assertThat(parser.status()).isEqualTo(200);
    }

    @Test
    void anInterimContinueIsSkipped() throws Exception {
        assertThat(feedByteByByte("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")).isTrue();
        assertThat(parser.status()).isEqualTo(200);
    }

    @Test
    void noContentHasNoBodyWhateverItsHeadersSay() throws Exception {
        assertThat(feedByteByByte("HTTP/1.1 204 No Content\r\n\r\n")).isTrue();
        assertThat(parser.status()).isEqualTo(204);
    }

    @Test
    void http10ClosesUnlessKeptAlive() throws Exception {
        feedByteByByte("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(parser.closeAfter()).isTrue();
        parser.reset();
        feedByteByByte("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n");
        assertThat(parser.closeAfter()).isFalse();
    }

    @Test
    void connectionCloseIsReported() throws Exception {
        feedByteByByte("HTTP/1.1 200 OK\r\nconnection: close\r\nContent-Length: 0\r\n\r\n");
        assertThat(parser.closeAfter()).isTrue();
    }

    @Test
    void aBodyWithoutLengthEndsAtEndOfStream() throws Exception {
        assertThat(parser.feed(ByteBuffer.wrap("HTTP/1.1 200 OK\r\n\r\nsome".getBytes(StandardCharsets.US_ASCII)))).isFalse();
        assertThat(parser.endOfStream()).isTrue();
        assertThat(parser.closeAfter()).isTrue();
    }

    @Test
    void aCutResponseIsNotComplete() throws Exception {
        parser.feed(ByteBuffer.wrap("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab".getBytes(StandardCharsets.US_ASCII)));
        assertThat(parser.endOfStream()).isFalse();
    }

    @Test
    void garbageIsAProtocolError() {
        assertThatThrownBy(() -> parser.feed(ByteBuffer.wrap("SSH-2.0-x\r\n".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(ResponseParser.ProtocolException.class);
    }
}
