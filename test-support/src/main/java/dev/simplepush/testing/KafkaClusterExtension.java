package dev.simplepush.testing;

import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class a Kafka cluster, injected as a {@link KafkaCluster} parameter into
 * constructors, lifecycle methods and test methods.
 *
 * <p>If the environment variable {@value #BOOTSTRAP_SERVERS_ENV} is set, every class uses that
 * external cluster. Otherwise each test class gets its own {@link
 * dev.simplepush.embedded.EmbeddedKafkaBroker} on free ports in a fresh temporary directory,
 * started before the class and stopped (and the directory deleted) after it. {@code @Nested}
 * classes share their outermost class's cluster. Either way the class gets a unique
 * {@link KafkaCluster#topicPrefix() topic prefix}.
 *
 * <pre>{@code
 * @ExtendWith(KafkaClusterExtension.class)   // or @WithKafkaCluster
 * class GatewayServiceIT {
 *     @Test
 *     void aPutIsWrittenToNotifications(KafkaCluster kafka) { ... }
 * }
 * }</pre>
 */
public final class KafkaClusterExtension implements BeforeAllCallback, ParameterResolver {
    /** Names an external cluster to use instead of an embedded broker. */
    public static final String BOOTSTRAP_SERVERS_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);
    private static final String KEY = "cluster";

    private final Map<String, String> env;

    public KafkaClusterExtension() {
        this(System.getenv());
    }

    KafkaClusterExtension(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Start before the first test so the start-up cost is not charged to one test's timeout.
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return cluster(context);
    }

    private KafkaCluster cluster(ExtensionContext context) {
        ExtensionContext owner = outermostClassContext(context);
        Class<?> testClass = owner.getRequiredTestClass();
        // The store closes AutoCloseable values when the owning class's context ends.
        return owner.getStore(NAMESPACE)
                .getOrComputeIfAbsent(KEY, key -> ClusterResource.start(testClass, env), ClusterResource.class)
                .cluster();
    }

    private static ExtensionContext outermostClassContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getParent().flatMap(ExtensionContext::getTestClass).isPresent()) {
            current = current.getParent().orElseThrow();
        }
        return current;
    }
}
