package dev.simplepush.state.poison;

/**
 * The Streams configuration keys through which the service configures the set-aside handlers
 * beside Kafka's own {@code errors.dead.letter.queue.topic.name} (the handlers are created by
 * Kafka Streams and get the configuration whole).
 */
public final class SetAsideHandlers {
    /** The audit topic; absent when audit is off. */
    public static final String AUDIT_TOPIC_CONFIG = "simplepush.set.aside.audit.topic";
    /** A {@link SetAsideCounter} instance. */
    public static final String COUNTER_CONFIG = "simplepush.set.aside.counter";
    /** The input topics (comma-separated) whose records get a dead letter and an audit record. */
    public static final String INPUT_TOPICS_CONFIG = "simplepush.set.aside.input.topics";
    /** The largest input value copied into a dead letter; a larger one leaves its value out. */
    public static final String MAX_VALUE_BYTES_CONFIG = "simplepush.set.aside.max.value.bytes";

    private SetAsideHandlers() {
    }
}
