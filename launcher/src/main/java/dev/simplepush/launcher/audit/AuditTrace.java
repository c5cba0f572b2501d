package dev.simplepush.launcher.audit;

import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The timeline of each version of one channel, from PUT to ack: every record of the version in
 * time order with the time since the previous step, the device's hellos in between (they explain
 * a delivery that waited for a reconnect), then the spans that matter.
 */
public final class AuditTrace {
    private final List<AuditRecord> channelRecords = new ArrayList<>();
    private final Map<Long, List<AuditRecord>> versions = new TreeMap<>();
    /** Web Push messages by {@link AuditFields#pushMessage}, in the order first seen. */
    private final Map<String, List<AuditRecord>> messages = new java.util.LinkedHashMap<>();
    private final List<AuditRecord> hellos = new ArrayList<>();

    /** Takes the records of one uaid, or of several, of which those of {@code channel} are kept. */
    public void add(AuditRecord record) {
        AuditEvent event = record.event();
        Long version = AuditFields.version(event);
        String message = AuditFields.pushMessage(event);
        if (event instanceof AuditEvent.Hello) {
            hellos.add(record);
        } else if (message != null) {
            messages.computeIfAbsent(message, m -> new ArrayList<>()).add(record);
        } else if (version == null) {
            channelRecords.add(record);
        } else {
            versions.computeIfAbsent(version, v -> new ArrayList<>()).add(record);
        }
    }

    public boolean isEmpty() {
        return channelRecords.isEmpty() && versions.isEmpty() && messages.isEmpty();
    }

    public void print(PrintWriter out, String uaid, String channel) {
        out.println("trace of channel " + channel + (uaid == null ? "" : " of uaid " + uaid));
        if (isEmpty()) {
            out.println("  no audit records");
            return;
        }
        if (!channelRecords.isEmpty()) {
            out.println();
            out.println("channel");
            channelRecords.stream().sorted(AuditRecord.BY_TIME).forEach(record -> out.println(step(record, null)));
        }
        for (Map.Entry<Long, List<AuditRecord>> entry : versions.entrySet()) {
            printTimeline(out, "version " + entry.getKey(), entry.getValue(), spansOfVersion(withHellos(entry.getValue())));
        }
        for (Map.Entry<String, List<AuditRecord>> entry : messages.entrySet()) {
            printTimeline(out, "message " + entry.getKey(), entry.getValue(), spansOfMessage(withHellos(entry.getValue())));
        }
    }

    /** The records of one version or message, with the device's hellos between its first and last. */
    private List<AuditRecord> withHellos(List<AuditRecord> records) {
        List<AuditRecord> steps = new ArrayList<>(records);
        steps.sort(AuditRecord.BY_TIME);
        long first = steps.get(0).event().time();
        long last = steps.get(steps.size() - 1).event().time();
        for (AuditRecord hello : hellos) {
            long at = hello.event().time();
            if (at >= first && at <= last && records.stream().anyMatch(s -> s.event().uaid()
                    .equalsIgnoreCase(hello.event().uaid()))) {
                steps.add(hello);
            }
        }
        steps.sort(AuditRecord.BY_TIME);
        return steps;
    }

    private void printTimeline(PrintWriter out, String title, List<AuditRecord> records, String spans) {
        List<AuditRecord> steps = withHellos(records);
        out.println();
        out.println(title);
        Long previous = null;
        for (AuditRecord step : steps) {
            out.println(step(step, previous));
            previous = step.event().time();
        }
        out.println("  " + spans);
    }

    private static String step(AuditRecord record, Long previous) {
        AuditEvent event = record.event();
        String delta = previous == null ? "" : "+" + (event.time() - previous) + " ms";
        return String.format("  %-24s  %-12s  %10s  %s", AuditFields.time(event.time()), AuditType.of(event).jsonName(),
                delta, AuditFields.detail(event)).stripTrailing();
    }

    /** PUT to delivery, delivery to ack and PUT to ack, or what did not happen. */
    static String spansOfVersion(List<AuditRecord> steps) {
        Optional<AuditEvent.Route> dropped = steps.stream().map(AuditRecord::event)
                .filter(e -> e instanceof AuditEvent.Routed).map(e -> ((AuditEvent.Routed) e).route())
                .filter(r -> r == AuditEvent.Route.UNKNOWN || r == AuditEvent.Route.SUPERSEDED
                        || r == AuditEvent.Route.DROPPED).findFirst();
        if (dropped.isPresent() && steps.stream().noneMatch(s -> s.event() instanceof AuditEvent.Delivered)) {
            return switch (dropped.get()) {
                case UNKNOWN -> "unknown endpoint: nothing kept, nothing to deliver";
                case DROPPED -> "dropped: the device was offline and no-store mode keeps nothing";
                default -> "superseded: a higher version was already pending, this one was not kept";
            };
        }
        Optional<Long> accepted = firstOf(steps, AuditType.ACCEPTED, Long.MIN_VALUE);
        Optional<Long> delivered = firstOf(steps, AuditType.DELIVERED, accepted.orElse(Long.MIN_VALUE));
        Optional<Long> acked = firstOf(steps, AuditType.ACKED, delivered.orElse(Long.MIN_VALUE));
        List<String> parts = new ArrayList<>();
        if (accepted.isEmpty()) {
            parts.add("no PUT recorded");
        }
        if (delivered.isEmpty()) {
            parts.add("not delivered");
        } else if (accepted.isPresent()) {
            parts.add("PUT->delivered " + (delivered.get() - accepted.get()) + " ms");
        }
        if (acked.isEmpty()) {
            parts.add("not acked");
        } else if (delivered.isPresent()) {
            parts.add("delivered->acked " + (acked.get() - delivered.get()) + " ms");
            accepted.ifPresent(at -> parts.add("PUT->acked " + (acked.get() - at) + " ms"));
        }
        steps.stream().map(AuditRecord::event).filter(e -> e instanceof AuditEvent.Expired)
                .map(e -> "expired (" + ((AuditEvent.Expired) e).reason() + ")").findFirst().ifPresent(parts::add);
        return String.join(", ", parts);
    }

    /** POST to delivery, delivery to ack and POST to ack, or what became of the message instead. */
    static String spansOfMessage(List<AuditRecord> steps) {
        List<String> parts = new ArrayList<>();
        Optional<Long> posted = firstOf(steps, AuditType.POSTED, Long.MIN_VALUE);
        Optional<Long> delivered = firstOf(steps, AuditType.PUSH_DELIVERED, posted.orElse(Long.MIN_VALUE));
        Optional<Long> acked = firstOf(steps, AuditType.PUSH_ACKED, delivered.orElse(Long.MIN_VALUE));
        if (posted.isEmpty()) {
            parts.add("no POST recorded");
        }
        if (delivered.isEmpty()) {
            parts.add("not delivered");
        } else if (posted.isPresent()) {
            parts.add("POST->delivered " + (delivered.get() - posted.get()) + " ms");
        }
        if (acked.isPresent() && delivered.isPresent()) {
            parts.add("delivered->acked " + (acked.get() - delivered.get()) + " ms");
            posted.ifPresent(at -> parts.add("POST->acked " + (acked.get() - at) + " ms"));
        } else if (delivered.isPresent()) {
            parts.add("not acked");
        }
        steps.stream().map(AuditRecord::event).forEach(event -> {
            if (event instanceof AuditEvent.PushRemoved e) {
                parts.add("removed (" + e.reason().name().toLowerCase(java.util.Locale.ROOT) + ")");
            } else if (event instanceof AuditEvent.Cancelled e) {
                parts.add(e.pending() ? "cancelled" : "cancel found nothing pending");
            } else if (event instanceof AuditEvent.PushRouted e && e.route() != AuditEvent.PushRoute.NODE
                    && e.route() != AuditEvent.PushRoute.STORED) {
                parts.add(e.route().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
        });
        return String.join(", ", parts);
    }

    private static Optional<Long> firstOf(List<AuditRecord> steps, AuditType type, long notBefore) {
        return steps.stream().map(AuditRecord::event).filter(e -> AuditType.of(e) == type)
                .map(AuditEvent::time).filter(t -> t >= notBefore).min(Long::compare);
    }
}
