package dev.simplepush.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A run split over several bench JVMs, because one process may hold only so many sockets here.
 * Each worker runs its slice and writes {@code PHASE <name>} lines and a final {@code PART <json>}
 * line on stdout; the parent waits until every worker reached a phase before sampling, and adds
 * the parts up.
 */
final class Workers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KILLED = "KILLED ";
    /**
     * On two cores the common pool gets parallelism 1, and then CompletableFuture's default async
     * executor starts a new thread per task. The JDK HttpClient completes every exchange through
     * that executor, WebSocket handshakes included, so a reconnect storm of 19,000 devices would
     * start 19,000 threads in the bench. Two threads are enough.
     */
    static final String COMMON_POOL_PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";
    static final String COMMON_POOL_PARALLELISM = "2";

    private final List<Process> processes;

    private Workers(List<Process> processes) {
        this.processes = processes;
    }

    static Workers start(int count, List<String> originalArgs, String heap) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> started = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(Process::destroyForcibly)));
        for (int i = 0; i < count; i++) {
            List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
            command.addAll(jitOptions(ManagementFactory.getRuntimeMXBean().getInputArguments()));
            command.addAll(List.of("-D" + COMMON_POOL_PROPERTY + "=" + COMMON_POOL_PARALLELISM, "-cp",
                    System.getProperty("java.class.path"), BenchMain.class.getName()));
            command.addAll(originalArgs);
            command.add("--worker-slice=" + i + "/" + count);
            Process process = new ProcessBuilder(command).start();
            started.add(process);
            pump(process);
        }
        return new Workers(started);
    }

    /**
     * The JIT options among this JVM's own ({@code launcher/bench-jvm.options}, or the user's), so
     * the workers compile as the parent does.
     */
    static List<String> jitOptions(List<String> inputArguments) {
        return inputArguments.stream()
                .filter(arg -> arg.startsWith("-XX:TieredStopAtLevel=") || arg.equals("-XX:+TieredCompilation")
                        || arg.equals("-XX:-TieredCompilation"))
                .toList();
    }

    /** Copies a worker's stderr (its progress and errors) to ours, wherever ours goes. */
    private static void pump(Process process) {
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.err.println(line);
                }
            } catch (IOException e) {
                // the worker is gone; its exit status tells the rest
            }
        }, "bench-worker-stderr-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Tells every worker of a storm when the node was killed, as microseconds since the epoch
     * (the workers' own {@code nanoTime} clocks are not comparable with ours).
     */
    void announceKill(long epochMicros) {
        for (Process process : processes) {
            try {
                process.getOutputStream().write((KILLED + epochMicros + "\n").getBytes(StandardCharsets.US_ASCII));
                process.getOutputStream().flush();
            } catch (IOException e) {
                System.err.println("bench: could not tell worker " + process.pid() + " of the kill: " + e.getMessage());
            }
        }
    }

    /** The worker side of {@link #announceKill}: blocks until the parent says the node was killed. */
    static long awaitKillFromParent() throws InterruptedException {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(KILLED)) {
                    long killMicros = Long.parseLong(line.substring(KILLED.length()).trim());
                    long agoMicros = epochMicros() - killMicros;
                    return System.nanoTime() - agoMicros * 1_000;
                }
            }
            throw new InterruptedException("the parent closed our input before the kill");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the kill time from the parent", e);
        }
    }

    static long epochMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    Part await(Consumer<Phase> phases) throws InterruptedException, IOException {
        Map<Phase, Integer> reached = new EnumMap<>(Phase.class);
        List<Part> parts = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (Process process : processes) {
            Thread reader = new Thread(() -> read(process, reached, parts, phases), "bench-worker-" + process.pid());
            reader.start();
            readers.add(reader);
        }
        for (Thread reader : readers) {
            reader.join();
        }
        for (Process process : processes) {
            process.waitFor(1, TimeUnit.MINUTES);
        }
        if (parts.size() != processes.size()) {
            throw new IOException((processes.size() - parts.size()) + " of " + processes.size()
                    + " bench workers ended without a result; see their messages above");
        }
        return parts.stream().reduce(Part::plus).orElseThrow();
    }

    private void read(Process process, Map<Phase, Integer> reached, List<Part> parts, Consumer<Phase> phases) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("PHASE ")) {
                    Phase phase = Phase.valueOf(line.substring(6).trim());
                    boolean all;
                    synchronized (reached) {
                        all = reached.merge(phase, 1, Integer::sum) == processes.size();
                    }
                    if (all) {
                        phases.accept(phase);
                    }
                } else if (line.startsWith("PART ")) {
                    Part part = JSON.readValue(line.substring(5), Part.class);
                    synchronized (parts) {
                        parts.add(part);
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("bench: lost the output of worker " + process.pid() + ": " + e.getMessage());
        }
    }

    /** The worker side: run the slice, report phases and the part on stdout. */
    static int runAsWorker(BenchSettings slice, int index) throws Exception {
        Part part = new BenchRun(slice, phase -> {
            System.out.println("PHASE " + phase.name());
            System.out.flush();
        }, "[w" + index + "]", Workers::awaitKillFromParent).run();
        System.out.println("PART " + JSON.writeValueAsString(part));
        System.out.flush();
        return 0;
    }
}
