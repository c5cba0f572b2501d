package dev.simplepush.launcher.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.simplepush.schemas.Json;
import dev.simplepush.schemas.audit.AuditEvent;
import dev.simplepush.schemas.audit.AuditType;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How {@code audit} prints records: one line each. */
public enum AuditFormat {
    /** The record's JSON as stored, one per line (its {@code type} property first). */
    JSONL {
        @Override
        public void header(PrintWriter out) {
        }

        @Override
        public void write(PrintWriter out, AuditEvent event) {
            try {
                out.println(Json.MAPPER.writeValueAsString(event));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    },
    /** RFC 4180 CSV with a header row; columns {@link AuditFields#CSV_COLUMNS}, absent fields empty. */
    CSV {
        @Override
        public void header(PrintWriter out) {
            out.print(String.join(",", AuditFields.CSV_COLUMNS) + "\r\n");
        }

        @Override
        public void write(PrintWriter out, AuditEvent event) {
            Map<String, Object> values = AuditFields.csvValues(event);
            List<String> cells = new ArrayList<>();
            for (String column : AuditFields.CSV_COLUMNS) {
                Object value = values.get(column);
                cells.add(value == null ? "" : csvCell(value.toString()));
            }
            out.print(String.join(",", cells) + "\r\n");
        }
    },
    /** Aligned columns for people: time, type, uaid, channel, version, then a sentence. */
    TABLE {
        @Override
        public void header(PrintWriter out) {
            out.println(row("TIME (UTC)", "TYPE", "UAID", "CHANNEL", "VERSION", "DETAIL"));
        }

        @Override
        public void write(PrintWriter out, AuditEvent event) {
            String channel = AuditFields.channel(event);
            Long version = AuditFields.version(event);
            out.println(row(AuditFields.time(event.time()), AuditType.of(event).jsonName(), event.uaid(),
                    channel == null ? "-" : channel, version == null ? "-" : version.toString(),
                    AuditFields.detail(event)));
        }
    };

    public abstract void header(PrintWriter out);

    public abstract void write(PrintWriter out, AuditEvent event);

    static String row(String time, String type, String uaid, String channel, String version, String detail) {
        return String.format("%-24s  %-12s  %-32s  %-36s  %7s  %s", time, type, uaid, channel, version, detail)
                .stripTrailing();
    }

    private static String csvCell(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
