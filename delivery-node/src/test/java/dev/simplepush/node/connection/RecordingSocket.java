package dev.simplepush.node.connection;

import java.util.ArrayList;
import java.util.List;

/** A {@link DeviceSocket} that records what was written; writes complete at once unless held. */
final class RecordingSocket implements DeviceSocket {
    final List<String> sent = new ArrayList<>();
    final List<WriteCallback> heldWrites = new ArrayList<>();
    Integer closeCode;
    boolean open = true;
    boolean holdWrites;
    boolean failWrites;

    @Override
    public void send(String text, WriteCallback done) {
        sent.add(text);
        if (holdWrites) {
            heldWrites.add(done);
        } else {
            done.done(!failWrites);
        }
    }

    @Override
    public void close(int code, String reason) {
        if (closeCode == null) {
            closeCode = code;
        }
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Completes the writes held so far. */
    void completeHeldWrites(boolean written) {
        List<WriteCallback> callbacks = List.copyOf(heldWrites);
        heldWrites.clear();
        callbacks.forEach(callback -> callback.done(written));
    }

    boolean closed() {
        return closeCode != null;
    }

    String last() {
        return sent.get(sent.size() - 1);
    }
}
