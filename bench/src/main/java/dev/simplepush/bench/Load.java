package dev.simplepush.bench;

/** A way of sending PUTs for the length of a run. */
interface Load {
    void start();

    /** Sends nothing more; requests already sent finish on their own. */
    void stop();

    /** PUTs sent whose answer (and, for a closed loop, notification) is still awaited. */
    long inFlight();

    /** No PUTs at all: the idle scenario. */
    Load NONE = new Load() {
        @Override
        public void start() {
        }

        @Override
        public void stop() {
        }

        @Override
        public long inFlight() {
            return 0;
        }
    };
}
