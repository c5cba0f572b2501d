package dev.simplepush.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.PutOutcome;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplyWaitersTest {
    private final ReplyWaiters waiters = new ReplyWaiters(Duration.ofMillis(50));

    @AfterEach
    void close() {
        waiters.close();
    }

    @Test
    void aReplyCompletesItsWaiterAndRemovesIt() throws Exception {
        CompletableFuture<PutOutcome> future = waiters.register("r1");
        assertThat(waiters.pending()).isEqualTo(1);
        assertThat(waiters.complete(new GatewayReply(0, "r1", PutOutcome.DELIVERED))).isTrue();
        assertThat(future.get(1, TimeUnit.SECONDS)).isEqualTo(PutOutcome.DELIVERED);
        assertThat(waiters.pending()).isZero();
    }

    @Test
    void aReplyThatArrivesBeforeTheTimeoutStartsIsKept() throws Exception {
        CompletableFuture<PutOutcome> future = waiters.register("r1");
        waiters.complete(new GatewayReply(0, "r1", PutOutcome.STORED));
        waiters.startTimeout("r1", future);
        assertThat(future.get(1, TimeUnit.SECONDS)).isEqualTo(PutOutcome.STORED);
    }

    @Test
    void aReplyForNoWaiterIsIgnored() {
        assertThat(waiters.complete(new GatewayReply(0, "unknown", PutOutcome.STORED))).isFalse();
    }

    @Test
    void aWaiterWithoutReplyTimesOutOnlyAfterItsTimeoutStartsAndIsRemoved() {
        CompletableFuture<PutOutcome> future = waiters.register("r1");
        waiters.startTimeout("r1", future);
        Assertions.assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
        assertThat(waiters.pending()).isZero();
        assertThat(waiters.complete(new GatewayReply(0, "r1", PutOutcome.DELIVERED))).isFalse();
    }

    @Test
    void aForgottenWaiterIsRemoved() {
        CompletableFuture<PutOutcome> future = waiters.register("r1");
        waiters.forget("r1");
        assertThat(future).isCancelled();
        assertThat(waiters.pending()).isZero();
    }

    @Test
    void closingEndsEveryWaiterAndLaterWaitersEndAtOnce() {
        CompletableFuture<PutOutcome> waiting = waiters.register("r1");
        waiters.close();
        assertThat(waiting).isCompletedExceptionally();
        assertThat(waiters.register("r2")).isCompletedExceptionally();
        assertThat(waiters.pending()).isZero();
    }
}
