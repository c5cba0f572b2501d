package dev.simplepush.bench;

import static dev.simplepush.bench.ScriptedHttpServer.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeanHttpClientTest {
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T resource) {
        closing.add(0, resource);
        return resource;
    }

    private LeanHttpClient client(int connections, Duration timeout) {
        return closing(new LeanHttpClient(connections, timeout, "test-http"));
    }

    private ScriptedHttpServer server(ScriptedHttpServer.Handler handler) throws IOException {
        return closing(new ScriptedHttpServer(handler));
    }

    private static int statusOf(CompletableFuture<Integer> put) throws Exception {
        return put.get(10, TimeUnit.SECONDS);
    }

    @Test
    void sequentialPutsShareOneKeptAliveConnection() throws Exception {
        ScriptedHttpServer server = server((n, request, socket, out) -> answer(out, OK));
        LeanHttpClient client = client(4, Duration.ofSeconds(10));

        for (int i = 1; i <= 20; i++) {
            assertThat(statusOf(client.put(server.uri("/update/tok?x=1"), FORM, "version=" + i))).isEqualTo(200);
        }

        assertThat(server.connections()).isEqualTo(1);
        assertThat(client.connectionsOpened()).isEqualTo(1);
        assertThat(server.seen()).hasSize(20);
        assertThat(server.seen().get(0).line()).isEqualTo("PUT /update/tok?x=1 HTTP/1.1");
        assertThat(server.seen().get(0).host()).isEqualTo(server.uri("/").getAuthority());
        assertThat(server.seen().get(19).body()).isEqualTo("version=20");
    }

    @Test
    void putsBeyondThePoolWaitInLineForAFreeConnection() throws Exception {
        CountDownLatch arrived = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ScriptedHttpServer server = server((n, request, socket, out) -> {
            arrived.countDown();
            release.await();
            answer(out, "HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n");
        });
        LeanHttpClient client = client(2, Duration.ofSeconds(10));

        List<CompletableFuture<Integer>> puts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            puts.add(client.put(server.uri("/p"), FORM, "version=" + i));
        }
        assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(server.requests()).isEqualTo(2);
        assertThat(puts).noneMatch(CompletableFuture::isDone);
        release.countDown();

        for (CompletableFuture<Integer> put : puts) {
            assertThat(statusOf(put)).isEqualTo(202);
        }
        assertThat(server.connections()).isEqualTo(2);
        // Oldest first: the two PUTs that went out at once were the first two made.
        List<String> bodies = server.seen().stream().map(ScriptedHttpServer.Request::body).toList();
        assertThat(bodies.subList(0, 2)).containsExactlyInAnyOrder("version=0", "version=1");
    }

    @Test
    void aChunkedAnswerIsReadWholeAndTheConnectionCarriesOn() throws Exception {
        ScriptedHttpServer server = server((n, request, socket, out) -> {
            answer(out, "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n");
            out.flush();
            answer(out, "6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
        });
        LeanHttpClient client = client(4, Duration.ofSeconds(10));

        for (int i = 0; i < 3; i++) {
            assertThat(statusOf(client.put(server.uri("/c"), FORM, "version=1"))).isEqualTo(201);
        }

        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void connectionCloseIsHonouredWithANewConnectionForTheNextPut() throws Exception {
        ScriptedHttpServer server = server((n, request, socket, out) -> {
            answer(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            socket.close();
        });
        LeanHttpClient client = client(4, Duration.ofSeconds(10));

        for (int i = 0; i < 3; i++) {
            assertThat(statusOf(client.put(server.uri("/c"), FORM, "version=1"))).isEqualTo(200);
        }

        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aBodyWithoutLengthEndsAtTheClose() throws Exception {
        ScriptedHttpServer server = server((n, request, socket, out) -> {
            answer(out, "HTTP/1.1 404 Not Found\r\n\r\nno such endpoint");
            socket.close();
        });
        LeanHttpClient client = client(4, Duration.ofSeconds(10));

        assertThat(statusOf(client.put(server.uri("/c"), FORM, "version=1"))).isEqualTo(404);
        assertThat(statusOf(client.put(server.uri("/c"), FORM, "version=2"))).isEqualTo(404);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aConnectionDroppedMidRequestFailsThatPutAndTheNextOneReconnects() throws Exception {
        ScriptedHttpServer server = server((n, request, socket, out) -> {
            if (n == 1) {
                answer(out, "HTTP/1.1 200 OK\r\nContent-Le");
                socket.close();
            } else {
                answer(out, OK);
            }
        });
        LeanHttpClient client = client(1, Duration.ofSeconds(10));

        CompletableFuture<Integer> dropped = client.put(server.uri("/d"), FORM, "version=1");
        assertThatThrownBy(() -> dropped.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(statusOf(client.put(server.uri("/d"), FORM, "version=2"))).isEqualTo(200);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aPutUnansweredWithinTheTimeoutFailsAndItsConnectionIsReplaced() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        ScriptedHttpServer server = server((n, request, socket, out) -> {
            if (n == 1) {
                never.await();
            }
            answer(out, OK);
        });
        LeanHttpClient client = client(1, Duration.ofMillis(300));

        long start = System.nanoTime();
        CompletableFuture<Integer> late = client.put(server.uri("/t"), FORM, "version=1");
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(statusOf(client.put(server.uri("/t"), FORM, "version=2"))).isEqualTo(200);
        assertThat(server.connections()).isEqualTo(2);
        never.countDown();
    }

    @Test
    void aQueuedPutTimesOutWhileTheOnlyConnectionIsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedHttpServer server = server((n, request, socket, out) -> {
            release.await();
            answer(out, OK);
        });
        LeanHttpClient client = client(1, Duration.ofMillis(300));

        CompletableFuture<Integer> first = client.put(server.uri("/q"), FORM, "version=1");
        CompletableFuture<Integer> queued = client.put(server.uri("/q"), FORM, "version=2");

        assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(HttpTimeoutException.class);
        assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(HttpTimeoutException.class);
        assertThat(server.requests()).isEqualTo(1);
        release.countDown();
    }

    @Test
    void aPutToAClosedPortFailsToConnect() throws Exception {
        URI nobody;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/x");
        }
        LeanHttpClient client = client(4, Duration.ofSeconds(10));

        CompletableFuture<Integer> put = client.put(nobody, FORM, "version=1");

        assertThatThrownBy(() -> put.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void eachGatewayGetsItsOwnPool() throws Exception {
        ScriptedHttpServer one = server((n, request, socket, out) -> answer(out, OK));
        ScriptedHttpServer two = server((n, request, socket, out) -> answer(out, "HTTP/1.1 410 Gone\r\nContent-Length: 0\r\n\r\n"));
        LeanHttpClient client = client(1, Duration.ofSeconds(10));

        assertThat(statusOf(client.put(one.uri("/a"), FORM, "version=1"))).isEqualTo(200);
        assertThat(statusOf(client.put(two.uri("/a"), FORM, "version=1"))).isEqualTo(410);
        assertThat(statusOf(client.put(one.uri("/b"), FORM, "version=2"))).isEqualTo(200);

        assertThat(one.connections()).isEqualTo(1);
        assertThat(two.connections()).isEqualTo(1);
    }

    @Test
    void aPutMadeFromACompletionGoesOutWithoutAWakeUp() throws Exception {
        ScriptedHttpServer server = server((n, request, socket, out) -> answer(out, OK));
        LeanHttpClient client = client(2, Duration.ofSeconds(10));
        CompletableFuture<Integer> last = new CompletableFuture<>();

        AtomicInteger madeOnClientThread = new AtomicInteger();

        chain(client, server.uri("/chain"), 50, last, madeOnClientThread);

        assertThat(last.get(10, TimeUnit.SECONDS)).isEqualTo(200);
        assertThat(server.requests()).isEqualTo(50);
        assertThat(madeOnClientThread).as("PUTs made on the client's own thread").hasPositiveValue();
    }

    /**
     * A closed loop in miniature: each answer makes the next PUT. A PUT made on any other thread
     * may be answered before {@code whenComplete} is attached, and then its callback runs on that
     * thread (and so may the next PUT, and the next). Only a PUT made on the client's own thread
     * is sure to be answered there, since the thread cannot answer it until the callback returns;
     * so only those check the thread.
     */
    private static void chain(LeanHttpClient client, URI target, int left, CompletableFuture<Integer> last,
            AtomicInteger madeOnClientThread) {
        boolean onClientThread = Thread.currentThread().getName().equals("test-http");
        if (onClientThread) {
            madeOnClientThread.incrementAndGet();
        }
        client.put(target, FORM, "version=" + left).whenComplete((status, error) -> {
            if (onClientThread && !Thread.currentThread().getName().equals("test-http")) {
                last.completeExceptionally(new AssertionError("answered on " + Thread.currentThread().getName()));
            } else if (error != null) {
                last.completeExceptionally(error);
            } else if (left == 1) {
                last.complete(status);
            } else {
                chain(client, target, left - 1, last, madeOnClientThread);
            }
        });
    }

    @Test
    void manyPutsInFlightAllComeBackOverTheFixedPool() throws Exception {
        ScriptedHttpServer server = server((n, request, socket, out) -> answer(out, OK));
        LeanHttpClient client = client(8, Duration.ofSeconds(10));

        List<CompletableFuture<Integer>> puts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            puts.add(client.put(server.uri("/m"), FORM, "version=" + i));
        }
        CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(puts).allMatch(p -> p.join() == 200);
        assertThat(server.connections()).isLessThanOrEqualTo(8);
    }
}
