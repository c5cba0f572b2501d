package dev.simplepush.launcher.admin;

import dev.simplepush.schemas.Health;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The health of the services one process runs, by name. Every expected service counts as
 * starting (live, not ready) until it is {@link #watch watched}, so a probe during a slow start
 * neither kills the process nor sends it traffic. The whole is live if every part is, and ready
 * if every part is.
 */
public final class HealthChecks {
    private static final Supplier<Health> STARTING = () -> Health.notReady("starting");

    private final List<String> names;
    private final Map<String, Supplier<Health>> checks = new ConcurrentHashMap<>();

    /** @param names the services this process runs, in the order reports list them */
    public HealthChecks(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no service to check");
        }
        this.names = List.copyOf(names);
    }

    /** From now on, {@code name}'s health is what {@code check} says. */
    public void watch(String name, Supplier<Health> check) {
        if (!names.contains(name)) {
            throw new IllegalArgumentException(name + " is not one of " + names);
        }
        checks.put(name, check);
    }

    /** Each service's health now, in the order of the names. A failing check counts as down. */
    public Map<String, Health> each() {
        Map<String, Health> each = new LinkedHashMap<>();
        for (String name : names) {
            Health health;
            try {
                health = checks.getOrDefault(name, STARTING).get();
            } catch (RuntimeException e) {
                health = Health.down("health check failed: " + e);
            }
            each.put(name, health);
        }
        return each;
    }

    /** Every service is live. */
    public static boolean allLive(Map<String, Health> each) {
        return each.values().stream().allMatch(Health::live);
    }

    /** Every service is ready. */
    public static boolean allReady(Map<String, Health> each) {
        return each.values().stream().allMatch(Health::ready);
    }
}
