package io.lokiz.audit.control;

import io.lokiz.audit.AuditEntry;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.Writer;

/**
 * The trail as RFC 4180 CSV for a spreadsheet or an auditor's tools. A cell that a spreadsheet would run as a formula
 * (it starts with {@code = + - @}, a tab or a carriage return) gets a leading apostrophe: an actor's name or a reason
 * comes from outside, and an export must not become a way to run something on the auditor's machine.
 */
public final class AuditCsv {

    public static final String HEADER = "id,at,actor,action,target,before,after,request_id,idempotency_key\r\n";

    private AuditCsv() {
    }

    public static void write(Writer out, AuditEntry entry) throws IOException {
        out.write(Long.toString(entry.id()));
        for (String cell : new String[]{entry.at().toString(), entry.actor(), entry.action(), entry.target(),
                json(entry.before()), json(entry.after()), entry.requestId(), entry.idempotencyKey()}) {
            out.write(',');
            out.write(cell(cell));
        }
        out.write("\r\n");
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quoted = safe.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r');
        return quoted ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    private static String json(JsonObject value) {
        return value == null ? null : value.toString();
    }
}
