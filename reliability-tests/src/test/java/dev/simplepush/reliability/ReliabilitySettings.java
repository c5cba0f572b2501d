package dev.simplepush.reliability;

import java.time.Duration;

/**
 * How big and how long each scenario is; the defaults are the CI size. A full-length run:
 * {@code -Dreliability.duration=PT5M -Dreliability.devices=2000 -Dreliability.rate=500}.
 *
 * @param duration  {@code reliability.duration} (ISO-8601, default PT45S): how long the PUT load runs
 * @param devices   {@code reliability.devices} (default 500): WebSocket devices, half on each node
 * @param channels  {@code reliability.channels} (default 2): channels registered per device
 * @param rate      {@code reliability.rate} (default 200): PUTs started per second
 * @param churn     {@code reliability.churn} (default 2): devices per second that close and come
 *                  back 0.5–2 s later, so stored updates and hello flushes happen all along
 * @param converge  {@code reliability.converge} (default PT120S): the bound on the quiet period
 *                  after the load stops, until every newest accepted version has been delivered
 * @param runs      {@code reliability.runs} (default 1): how many times each scenario runs, one
 *                  after another on the same cluster
 * @param webPush   {@code reliability.webpush} (default 50): percent of the devices in Web Push data
 *                  mode; their channels get POSTs (aes128gcm-shaped bodies whose SHA-256 the
 *                  ledger compares end to end) instead of PUTs, and every accepted one must arrive
 */
record ReliabilitySettings(Duration duration, int devices, int channels, int rate, int churn, Duration converge,
        int runs, int webPush) {

    /** SimplePush devices only. */
    ReliabilitySettings(Duration duration, int devices, int channels, int rate, int churn, Duration converge,
            int runs) {
        this(duration, devices, channels, rate, churn, converge, runs, 0);
    }

    /** Whether device {@code index} of a fleet spread over {@code nodes} nodes speaks Web Push. */
    boolean webPushDevice(int index, int nodes) {
        // Devices take nodes round-robin: decide on the index within a node so both modes are on every node.
        return Math.floorMod((index / Math.max(1, nodes)) * 37, 100) < webPush;
    }

    static ReliabilitySettings fromSystemProperties() {
        return new ReliabilitySettings(
                Duration.parse(property("reliability.duration", "PT45S")),
                Integer.parseInt(property("reliability.devices", "500")),
                Integer.parseInt(property("reliability.channels", "2")),
                Integer.parseInt(property("reliability.rate", "200")),
                Integer.parseInt(property("reliability.churn", "2")),
                Duration.parse(property("reliability.converge", "PT120S")),
                Integer.parseInt(property("reliability.runs", "1")),
                Integer.parseInt(property("reliability.webpush", "50")));
    }

    /**
     * Settings for one kind of process given as system properties
     * {@code reliability.set.<kind>.<key>=<value>} (kind {@code broker}, {@code state},
     * {@code gateway} or {@code node}), laid over the harness's own; for trying a setting without
     * editing the harness.
     */
    static java.util.Map<String, String> overrides(String kind) {
        String prefix = "reliability.set." + kind + ".";
        java.util.Map<String, String> overrides = new java.util.TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(prefix))
                .forEach(name -> overrides.put(name.substring(prefix.length()), System.getProperty(name).trim()));
        return overrides;
    }

    private static String property(String key, String defaultValue) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    @Override
    public String toString() {
        return devices + " devices x " + channels + " channels, " + rate + " PUT/s for " + duration.toSeconds()
                + " s, churn " + churn + "/s, " + webPush + " % Web Push";
    }
}
