package dev.simplepush.bench;

/** How a storm run learns when the node went down. */
@FunctionalInterface
interface StormTrigger {
    /**
     * Blocks until the node has been killed.
     *
     * @return the moment of the kill on this process's {@link System#nanoTime()} clock
     */
    long awaitKill() throws InterruptedException;

    /** Waits {@code delayMillis}, then kills {@code pid} with SIGKILL (no close, no last heartbeat). */
    static StormTrigger killing(long pid, long delayMillis) {
        return () -> {
            Thread.sleep(delayMillis); // the run's own clock: when to kill, not a wait for a condition
            return kill(pid);
        };
    }

    /**
     * Sends SIGKILL to {@code pid}.
     *
     * @return the moment of the kill on this process's {@link System#nanoTime()} clock
     */
    static long kill(long pid) {
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("--kill-pid " + pid + ": no such process"));
        long at = System.nanoTime();
        if (!process.destroyForcibly()) {
            throw new IllegalStateException("--kill-pid " + pid + ": could not kill it");
        }
        System.err.println("bench: killed process " + pid + " (SIGKILL)");
        return at;
    }
}
