package dev.simplepush.state.wake;

import dev.simplepush.schemas.config.ConfigSource;
import dev.simplepush.schemas.config.IllegalConfigurationException;
import java.lang.reflect.InvocationTargetException;

/** Makes the driver {@code wake.driver} names. */
public final class WakeDrivers {

    private WakeDrivers() {
    }

    /**
     * The configured driver, or null for {@code none}.
     *
     * @throws IllegalConfigurationException naming {@code wake.driver} if a class cannot be made
     */
    public static WakeDriver create(WakeConfig config) {
        return switch (config.driver()) {
            case WakeConfig.NONE -> null;
            case WakeConfig.HTTP -> new HttpWakeDriver(config.http());
            case WakeConfig.UDP -> new UdpWakeDriver();
            default -> instantiate(driverClass(config.driver()), config.source());
        };
    }

    /** An operator's driver class, checked when the configuration is read. */
    static Class<? extends WakeDriver> driverClass(String name) {
        Class<?> type;
        try {
            type = Class.forName(name, false, Thread.currentThread().getContextClassLoader() != null
                    ? Thread.currentThread().getContextClassLoader() : WakeDrivers.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalConfigurationException(WakeConfig.DRIVER_KEY, "'" + name
                    + "' is not none, http, udp or a class on the class path");
        }
        if (!WakeDriver.class.isAssignableFrom(type)) {
            throw new IllegalConfigurationException(WakeConfig.DRIVER_KEY, name + " does not implement "
                    + WakeDriver.class.getName());
        }
        return type.asSubclass(WakeDriver.class);
    }

    private static WakeDriver instantiate(Class<? extends WakeDriver> type, ConfigSource source) {
        try {
            try {
                return type.getConstructor(ConfigSource.class).newInstance(source);
            } catch (NoSuchMethodException e) {
                return type.getConstructor().newInstance();
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalConfigurationException(WakeConfig.DRIVER_KEY, type.getName()
                    + " needs a public constructor taking a ConfigSource, or none");
        } catch (InvocationTargetException e) {
            throw new IllegalConfigurationException(WakeConfig.DRIVER_KEY, type.getName() + " failed to start: "
                    + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalConfigurationException(WakeConfig.DRIVER_KEY, "cannot make " + type.getName() + ": "
                    + e.getMessage());
        }
    }
}
