package dev.simplepush.launcher;

import dev.simplepush.launcher.audit.AuditReader;
import java.io.PrintWriter;
import java.util.function.Consumer;

/** A one-line progress indicator on stderr, redrawn in place with a carriage return. */
final class ProgressLine implements Consumer<AuditReader.Progress> {
    private static final int BAR = 30;

    private final PrintWriter err;
    private int lastLength;

    private ProgressLine(PrintWriter err) {
        this.err = err;
    }

    /**
     * On when asked ({@code --progress}), off when asked not to, else only when the command runs
     * on a terminal (Java cannot tell whether stderr alone is one, so it asks whether the console
     * is).
     */
    static Consumer<AuditReader.Progress> forTerminal(PrintWriter err, Boolean asked) {
        boolean on = asked != null ? asked : System.console() != null;
        return on ? new ProgressLine(err) : null;
    }

    @Override
    public void accept(AuditReader.Progress progress) {
        double seconds = Math.max(progress.elapsed().toNanos() / 1e9, 1e-3);
        String line;
        if (progress.total() > 0) {
            double done = Math.min(1.0, (double) progress.read() / progress.total());
            int filled = (int) Math.round(done * BAR);
            line = String.format("[%s%s] %3.0f%% %,d/%,d records, %,d matched, %,.0f records/s", "#".repeat(filled),
                    "-".repeat(BAR - filled), done * 100, progress.read(), progress.total(), progress.matched(),
                    progress.read() / seconds);
        } else {
            line = String.format("%,d records, %,d matched, %,.0f records/s", progress.read(), progress.matched(),
                    progress.read() / seconds);
        }
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        lastLength = line.length();
        if (progress.finished()) {
            err.println();
            lastLength = 0;
        }
        err.flush();
    }
}
