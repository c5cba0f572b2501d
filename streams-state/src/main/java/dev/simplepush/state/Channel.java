package dev.simplepush.state;

/**
 * The value of a {@code channels} row, keyed {@code uaid/chid} ({@link StateKeys}): the channel is
 * registered (spec §4.3). Its presence is what counts; the value is small by design.
 *
 * @param registeredAtMillis when it was registered (node clock), 0 when unknown (moved here from a
 *                           whole-uaid registration written by an older version)
 */
record Channel(long registeredAtMillis) {
}
