package dev.simplepush.state;

/**
 * A {@code push-index} row, keyed {@code uaid/chid/<kind tag><key>} ({@link PushKeys}): where a
 * pending message is, so an ack, a cancel or a topic replacement finds it without a scan.
 *
 * @param seq the message's sequence number: its row is {@code uaid/<seq>} in {@code push-messages}
 */
record PushIndexEntry(long seq) {
}
