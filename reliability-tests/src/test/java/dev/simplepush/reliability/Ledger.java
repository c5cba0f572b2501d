package dev.simplepush.reliability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the app servers were told and what the devices got: every PUT with its outcome, and every
 * update a device received (and acked). The invariant is checked on it: for every (uaid, channel)
 * the newest version that got a 2xx has been delivered; nothing is delivered that was never sent;
 * a repeated delivery is the same version again.
 */
final class Ledger {
    /** A PUT's outcome: HTTP status, or {@link #NO_RESPONSE} when the request got no answer. */
    static final int NO_RESPONSE = -1;

    private final Map<String, AtomicLong> noResponseCauses = new ConcurrentHashMap<>();

    /** Why PUTs got no answer, by exception class, for the report. */
    void noResponse(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause instanceof java.util.concurrent.CompletionException) {
            cause = cause.getCause();
        }
        noResponseCauses.computeIfAbsent(cause.getClass().getSimpleName(), key -> new AtomicLong()).incrementAndGet();
    }

    String noResponseCauses() {
        return noResponseCauses.toString();
    }

    /** One PUT: times in {@link System#nanoTime()}. */
    record Put(Channel channel, long version, int gateway, long startNanos, long endNanos, int status) {
        boolean accepted() {
            return status >= 200 && status < 300;
        }

        long millis() {
            return (endNanos - startNanos) / 1_000_000;
        }
    }

    /** One channel of one device, and everything the ledger knows of it. */
    static final class Channel {
        final String uaid;
        final String channelId;
        final String path;
        /**
         * A data-mode device's channel: it gets POSTs, a queue (spec W3) rather than newest-wins, so
         * every accepted version must arrive, with the bytes that were POSTed.
         */
        final boolean webPush;
        private final Map<Long, byte[]> sentHashes = new HashMap<>();
        private final java.util.Set<Long> accepted = new java.util.HashSet<>();
        private long nextVersion;
        private long newestSent;
        private long newestAccepted;
        private long maxReceived;
        private final Map<Long, Integer> received = new HashMap<>();
        private final Map<Long, Long> firstReceivedNanos = new HashMap<>();
        private final java.util.Set<Long> sent = new java.util.HashSet<>();

        Channel(String uaid, String channelId, String path, boolean webPush) {
            this.uaid = uaid;
            this.channelId = channelId;
            this.path = path;
            this.webPush = webPush;
        }

        /** The next version with its POST body, whose hash is kept for the comparison on arrival. */
        synchronized byte[] nextBody(long version) {
            byte[] body = PushBodies.body(version);
            sentHashes.put(version, PushBodies.sha256(body));
            return body;
        }

        synchronized long nextVersion() {
            long version = ++nextVersion;
            sent.add(version);
            newestSent = version;
            return version;
        }

        synchronized long newestAccepted() {
            return newestAccepted;
        }

        synchronized long maxReceived() {
            return maxReceived;
        }

        synchronized boolean isDelivered() {
            return webPush ? received.keySet().containsAll(accepted) : maxReceived >= newestAccepted;
        }

        /** Accepted POSTs that have not arrived (Web Push channels only). */
        synchronized long missing() {
            return accepted.stream().filter(version -> !received.containsKey(version)).count();
        }

        @Override
        public String toString() {
            return "(uaid " + uaid + ", channel " + channelId + ")";
        }
    }

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Queue<Put> puts = new ConcurrentLinkedQueue<>();
    private final AtomicLong updatesReceived = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final AtomicLong phantoms = new AtomicLong();
    private final AtomicLong corrupted = new AtomicLong();
    private final AtomicLong unknownChannel = new AtomicLong();
    private final AtomicLong acksSent = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final Queue<String> findings = new ConcurrentLinkedQueue<>();

    Channel add(String uaid, String channelId, String endpoint) {
        return add(uaid, channelId, endpoint, false);
    }

    Channel add(String uaid, String channelId, String endpoint, boolean webPush) {
        String path = endpoint.substring(endpoint.indexOf("/update/"));
        Channel channel = new Channel(uaid, channelId, path, webPush);
        channels.put(key(uaid, channelId), channel);
        return channel;
    }

    Collection<Channel> channels() {
        return channels.values();
    }

    private final AtomicLong acceptedCount = new AtomicLong();
    private final AtomicLong failedCount = new AtomicLong();

    /** "accepted/failed so far", for progress lines. */
    String progress() {
        return acceptedCount.get() + " accepted, " + failedCount.get() + " without 2xx, " + updatesReceived.get()
                + " updates received";
    }

    void put(Put put) {
        puts.add(put);
        (put.accepted() ? acceptedCount : failedCount).incrementAndGet();
        if (put.accepted()) {
            synchronized (put.channel()) {
                put.channel().newestAccepted = Math.max(put.channel().newestAccepted, put.version());
                put.channel().accepted.add(put.version());
            }
        } else if (put.status() == 404 || put.status() == 410) {
            finding("PUT " + put.channel() + " version " + put.version() + " got 404: the registration is gone");
        }
    }

    /** A device received {@code version} on {@code channelId}; duplicates and strays are counted. */
    void received(String uaid, String channelId, long version) {
        updatesReceived.incrementAndGet();
        Channel channel = channels.get(key(uaid, channelId));
        if (channel == null) {
            unknownChannel.incrementAndGet();
            finding("update for an unknown channel " + channelId + " of " + uaid + " version " + version);
            return;
        }
        synchronized (channel) {
            if (!channel.sent.contains(version)) {
                phantoms.incrementAndGet();
                finding("phantom: " + channel + " received version " + version + " that no PUT sent");
            }
            Integer before = channel.received.merge(version, 1, Integer::sum);
            channel.firstReceivedNanos.putIfAbsent(version, System.nanoTime());
            if (before > 1) {
                duplicates.incrementAndGet();
            } else if (version < channel.maxReceived) {
                outOfOrder.incrementAndGet();
            }
            channel.maxReceived = Math.max(channel.maxReceived, version);
        }
    }

    /**
     * A data-mode device received a message on {@code channelId} whose data is {@code data}: its
     * version is read from the body, whose hash must be the POSTed body's.
     */
    void receivedPush(String uaid, String channelId, String data) {
        byte[] body = PushBodies.decode(data);
        long version = PushBodies.version(body);
        Channel channel = channels.get(key(uaid, channelId));
        if (channel != null) {
            synchronized (channel) {
                byte[] sent = channel.sentHashes.get(version);
                if (sent != null && !PushBodies.sameHash(sent, PushBodies.sha256(body))) {
                    corrupted.incrementAndGet();
                    finding("corrupted: " + channel + " version " + version + " arrived with other bytes ("
                            + body.length + ") than POSTed");
                }
            }
        }
        received(uaid, channelId, version);
    }

    long corrupted() {
        return corrupted.get();
    }

    void acked(int updates) {
        acksSent.addAndGet(updates);
    }

    void reset(String uaid, String assigned) {
        resets.incrementAndGet();
        finding("hello for " + uaid + " was answered with another uaid " + assigned + ": registrations lost");
    }

    void finding(String text) {
        if (findings.size() < 200) {
            findings.add(text);
        }
    }

    List<String> findings() {
        return List.copyOf(findings);
    }

    /** When a device first got {@code version} of {@code channel} ({@link System#nanoTime()}), or null. */
    Long firstReceivedNanos(Channel channel, long version) {
        synchronized (channel) {
            return channel.firstReceivedNanos.get(version);
        }
    }

    /** Whether a device got {@code version} of {@code channel}. */
    boolean wasReceived(Channel channel, long version) {
        synchronized (channel) {
            return channel.received.containsKey(version);
        }
    }

    /** Channels whose newest accepted version has not reached the device. */
    List<String> undelivered() {
        List<String> lost = new ArrayList<>();
        for (Channel channel : channels.values()) {
            synchronized (channel) {
                if (channel.webPush && channel.missing() > 0) {
                    lost.add(channel + " " + channel.missing() + " accepted POSTs never received (of "
                            + channel.accepted.size() + ")");
                } else if (!channel.webPush && channel.maxReceived < channel.newestAccepted) {
                    lost.add(channel + " newest 2xx version " + channel.newestAccepted + ", newest received "
                            + channel.maxReceived + ", newest sent " + channel.newestSent);
                }
            }
        }
        return lost;
    }

    boolean allDelivered() {
        for (Channel channel : channels.values()) {
            if (!channel.isDelivered()) {
                return false;
            }
        }
        return true;
    }

    List<Put> puts() {
        return List.copyOf(puts);
    }

    /** Accepted versions that reached the device (at least once). */
    long acceptedDelivered() {
        long count = 0;
        for (Put put : puts) {
            if (put.accepted()) {
                synchronized (put.channel()) {
                    if (put.channel().received.containsKey(put.version())) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    /** Distinct (uaid, channel, version) received. */
    long distinctDelivered() {
        long count = 0;
        for (Channel channel : channels.values()) {
            synchronized (channel) {
                count += channel.received.size();
            }
        }
        return count;
    }

    long updatesReceived() {
        return updatesReceived.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long outOfOrder() {
        return outOfOrder.get();
    }

    long phantoms() {
        return phantoms.get();
    }

    long unknownChannel() {
        return unknownChannel.get();
    }

    long acksSent() {
        return acksSent.get();
    }

    long resets() {
        return resets.get();
    }

    private static String key(String uaid, String channelId) {
        return uaid + "/" + channelId;
    }
}
