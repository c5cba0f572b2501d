package dev.simplepush.node.connection;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Test time: a clock that only moves when told, and timers that fire as it passes them. */
final class ManualTimers implements Timers, InstantSource {
    private long nowMillis = 1_700_000_000_000L;
    private final List<Scheduled> scheduled = new ArrayList<>();

    private static final class Scheduled {
        final long dueMillis;
        final Runnable task;
        boolean cancelled;

        Scheduled(long dueMillis, Runnable task) {
            this.dueMillis = dueMillis;
            this.task = task;
        }
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nowMillis);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Scheduled entry = new Scheduled(nowMillis + delay.toMillis(), task);
        scheduled.add(entry);
        return () -> entry.cancelled = true;
    }

    /** Moves the clock on, running every timer that comes due, in due order. */
    void advance(Duration duration) {
        long target = nowMillis + duration.toMillis();
        while (true) {
            Scheduled next = scheduled.stream().filter(s -> !s.cancelled && s.dueMillis <= target)
                    .min(Comparator.comparingLong(s -> s.dueMillis)).orElse(null);
            if (next == null) {
                break;
            }
            scheduled.remove(next);
            nowMillis = Math.max(nowMillis, next.dueMillis);
            next.task.run();
        }
        nowMillis = target;
    }

    long activeTimers() {
        return scheduled.stream().filter(s -> !s.cancelled).count();
    }
}
