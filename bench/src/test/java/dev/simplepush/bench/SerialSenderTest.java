package dev.simplepush.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class SerialSenderTest {

    /** A socket that, like the JDK's, fails a send made while the previous one is pending. */
    private static class PendingSocket implements WebSocket {
        final List<String> written = new ArrayList<>();
        final List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        int refused;

        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            if (pending.stream().anyMatch(f -> !f.isDone())) {
                refused++;
                return CompletableFuture.failedFuture(new IllegalStateException("Send pending"));
            }
            written.add(data.toString());
            CompletableFuture<WebSocket> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        void finishLast() {
            pending.get(pending.size() - 1).complete(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void request(long n) {
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {
        }
    }

    @Test
    void framesSentWhileOneIsPendingWaitTheirTurnAndGoOutInOrder() {
        PendingSocket socket = new PendingSocket();
        SerialSender sender = new SerialSender(socket);

        sender.send("a");
        sender.send("b");
        sender.send("c");
        assertThat(socket.written).containsExactly("a");
        assertThat(sender.queued()).isEqualTo(2);

        socket.finishLast();
        assertThat(socket.written).containsExactly("a", "b");
        socket.finishLast();
        socket.finishLast();

        assertThat(socket.written).containsExactly("a", "b", "c");
        assertThat(socket.refused).isZero();
        assertThat(sender.queued()).isZero();
    }

    @Test
    void framesWrittenAtOnceAreSentOneAfterAnother() {
        PendingSocket socket = new PendingSocket() {
            @Override
            public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
                written.add(data.toString());
                return CompletableFuture.completedFuture(this);
            }
        };
        SerialSender sender = new SerialSender(socket);

        sender.send("a");
        sender.send("b");

        assertThat(socket.written).containsExactly("a", "b");
    }

    @Test
    void afterAFailedSendTheRestIsDroppedForTheNextHelloToResend() {
        PendingSocket socket = new PendingSocket();
        SerialSender sender = new SerialSender(socket);
        sender.send("a");
        sender.send("b");

        socket.pending.get(0).completeExceptionally(new java.io.IOException("closed"));
        sender.send("c");

        assertThat(socket.written).containsExactly("a");
        assertThat(sender.queued()).isZero();
    }
}
