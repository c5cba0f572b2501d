package dev.simplepush.node.connection;

import dev.simplepush.schemas.DeviceEvent;
import dev.simplepush.schemas.GatewayReply;
import dev.simplepush.schemas.audit.AuditEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link NodeOutbound} that records every event and reply. */
public final class RecordingOutbound implements NodeOutbound {
    public final List<DeviceEvent> events = new CopyOnWriteArrayList<>();
    public final List<GatewayReply> replies = new CopyOnWriteArrayList<>();
    public final List<AuditEvent> audits = new CopyOnWriteArrayList<>();

    @Override
    public void publish(DeviceEvent event) {
        events.add(event);
    }

    @Override
    public void reply(String uaid, GatewayReply reply) {
        replies.add(reply);
    }

    @Override
    public void audit(AuditEvent event) {
        audits.add(event);
    }

    public DeviceEvent lastEvent() {
        return events.get(events.size() - 1);
    }

    public <T extends DeviceEvent> List<T> eventsOf(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
