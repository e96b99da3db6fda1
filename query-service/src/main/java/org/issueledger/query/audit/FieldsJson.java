package org.issueledger.query.audit;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail's JSON of an event's changes and of an issue's fields, written by hand: through Jackson's
 * serializers (a lookup per value, a record's properties by reflection) it was a sizeable part of the audit trail's
 * CPU in a rebuild, which writes the changes of every event and the fields of every issue in every batch.
 *
 * <p>The same text as {@link JsonMapper#writeValueAsString} character for character, for the values
 * {@link IssueFields} holds: text, whole numbers, lists of text, null. A string with anything to escape (or
 * anything outside printable ASCII) and a value of any other kind are written by the mapper itself.
 */
final class FieldsJson {

    private FieldsJson() {
    }

    /** {@code [{"field":…,"before":…,"after":…},…]}, as Jackson writes a list of {@link FieldChange}. */
    static String changes(List<FieldChange> changes, JsonMapper json) {
        StringBuilder out = new StringBuilder(32 + 64 * changes.size());
        out.append('[');
        for (int i = 0; i < changes.size(); i++) {
            FieldChange change = changes.get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("{\"field\":");
            value(out, change.field(), json);
            out.append(",\"before\":");
            value(out, change.before(), json);
            out.append(",\"after\":");
            value(out, change.after(), json);
            out.append('}');
        }
        return out.append(']').toString();
    }

    /** {@code {"name":value,…}} in the map's order, as Jackson writes the map. */
    static String fields(Map<String, Object> values, JsonMapper json) {
        StringBuilder out = new StringBuilder(64 + 32 * values.size());
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            value(out, entry.getKey(), json);
            out.append(':');
            value(out, entry.getValue(), json);
        }
        return out.append('}').toString();
    }

    private static void value(StringBuilder out, Object value, JsonMapper json) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String string) {
            string(out, string, json);
        } else if (value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                value(out, list.get(i), json);
            }
            out.append(']');
        } else {
            out.append(json.writeValueAsString(value));
        }
    }

    private static void string(StringBuilder out, String string, JsonMapper json) {
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '/') {
                out.append(json.writeValueAsString(string));
                return;
            }
        }
        out.append('"').append(string).append('"');
    }
}
