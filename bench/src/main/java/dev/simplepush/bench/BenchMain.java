package dev.simplepush.bench;

import picocli.CommandLine;

/** Runs the bench on its own: how the launcher starts the worker JVMs of a large run. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }
}
