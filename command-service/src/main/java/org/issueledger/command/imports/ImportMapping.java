package org.issueledger.command.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.Priority;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * How a source log maps onto our issues: which field (XES attribute key or CSV column) holds the case
 * id, the time, the state, the owner, the team …, and which of our verbs each source state means. Read
 * from a small YAML file; every mistake in it is refused up front with a message naming the key, so an
 * import never starts on a mapping that cannot work.
 *
 * <p>{@code source} names the source system. It is the namespace of the deterministic issue ids and
 * idempotency keys: the same case of the same source is the same issue on every run.
 */
record ImportMapping(String source, Format format, String caseField, String timestampField,
                     DateTimeFormatter timestampPattern, String timestampPatternText, ZoneId zone, List<String> stateFields, String stateSeparator,
                     String ownerField, String teamField, String priorityField, String categoryField,
                     String actorField, String reporterField, String titleField, String titleTemplate,
                     char delimiter, Map<String, Priority> priorities, Priority defaultPriority,
                     Map<String, Action> states, Pattern escalateToTeams, String resolutionCode,
                     String closeCode, CancelReason cancelReason) {

    enum Format { XES, CSV }

    /**
     * What a source state means for the issue. The importer sends whatever commands take the issue there
     * from where it is (e.g. {@code start} on a held issue resumes it, on a resolved one reopens it).
     */
    enum Action {
        /** the first event of a case creates the issue anyway; a later one changes nothing */
        CREATE,
        /** owner (and team) changes only */
        ASSIGN,
        /** someone works on it: start, resume, or reopen as needed */
        START,
        HOLD,
        RESUME,
        ESCALATE,
        RESOLVE,
        CLOSE,
        REOPEN,
        CANCEL,
        /** no change of state (e.g. queued for a team); a team move may still escalate */
        NONE,
        /** the event means nothing to us: counted as skipped, nothing sent */
        SKIP
    }

    private static final Set<String> KEYS = Set.of("source", "format", "case", "timestamp", "timestampPattern",
            "zone", "state", "stateSeparator", "owner", "team", "priority", "category", "actor", "reporter", "title",
            "titleTemplate", "delimiter", "priorities", "defaultPriority", "states", "escalateToTeams",
            "resolutionCode", "closeCode", "cancelReason");
    private static final Pattern SOURCE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");

    /** A built-in mapping shipped with the service, by name (e.g. {@code bpi2013}). */
    static ImportMapping builtIn(String name) {
        if (!name.matches("[a-z0-9-]{1,40}")) {
            throw new InvalidMapping("No built-in mapping named '" + name + "'");
        }
        try (InputStream in = ImportMapping.class.getResourceAsStream("/imports/" + name + ".yml")) {
            if (in == null) {
                throw new InvalidMapping("No built-in mapping named '" + name + "'");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ImportMapping parse(String yaml) {
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new InvalidMapping("The mapping is not valid YAML: " + e.getMessage());
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new InvalidMapping("The mapping must be a YAML map of keys (source, case, timestamp, state, states …)");
        }
        for (Object key : map.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new InvalidMapping("Unknown key '" + key + "' in the mapping (known: " + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        String source = required(map, "source");
        if (!SOURCE.matcher(source).matches()) {
            throw new InvalidMapping("source must be 1–40 lower-case letters, digits or ._- (it names the source system)");
        }
        Format format = map.containsKey("format") ? parseEnum(Format.class, "format", text(map, "format")) : null;
        String pattern = text(map, "timestampPattern");
        DateTimeFormatter formatter = null;
        if (pattern != null) {
            try {
                formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new InvalidMapping("timestampPattern '" + pattern + "' is not a valid pattern: " + e.getMessage());
            }
        }
        ZoneId zone;
        try {
            zone = map.containsKey("zone") ? ZoneId.of(text(map, "zone")) : java.time.ZoneOffset.UTC;
        } catch (DateTimeException e) {
            throw new InvalidMapping("zone '" + text(map, "zone") + "' is not a time zone (e.g. Europe/Berlin, UTC)");
        }
        List<String> stateFields = new ArrayList<>();
        Object state = map.get("state");
        if (state instanceof List<?> list && !list.isEmpty()) {
            list.forEach(field -> stateFields.add(String.valueOf(field)));
        } else if (state != null && !(state instanceof List<?>)) {
            stateFields.add(String.valueOf(state));
        } else {
            throw new InvalidMapping("Missing 'state': the field (or list of fields, joined) holding the source state");
        }
        String delimiter = map.containsKey("delimiter") ? text(map, "delimiter") : ",";
        if (delimiter.length() != 1 || delimiter.equals("\"")) {
            throw new InvalidMapping("delimiter must be one character other than a double quote");
        }
        Map<String, Priority> priorities = new LinkedHashMap<>();
        section(map, "priorities").forEach((from, to) ->
                priorities.put(from, parseEnum(Priority.class, "priorities." + from, to)));
        Map<String, Action> states = new LinkedHashMap<>();
        section(map, "states").forEach((from, to) -> states.put(from, parseEnum(Action.class, "states." + from, to)));
        if (states.isEmpty()) {
            throw new InvalidMapping("Missing 'states': which of our verbs each source state means");
        }
        Pattern escalate = null;
        if (map.containsKey("escalateToTeams")) {
            try {
                escalate = Pattern.compile(text(map, "escalateToTeams"));
            } catch (PatternSyntaxException e) {
                throw new InvalidMapping("escalateToTeams is not a regular expression: " + e.getDescription());
            }
        }
        return new ImportMapping(source, format, required(map, "case"), required(map, "timestamp"), formatter, pattern, zone,
                List.copyOf(stateFields), map.containsKey("stateSeparator") ? text(map, "stateSeparator") : "/",
                text(map, "owner"), text(map, "team"), text(map, "priority"), text(map, "category"),
                text(map, "actor"), text(map, "reporter"), text(map, "title"),
                map.containsKey("titleTemplate") ? text(map, "titleTemplate") : "Imported case {case}",
                delimiter.charAt(0), priorities,
                map.containsKey("defaultPriority") ? parseEnum(Priority.class, "defaultPriority", text(map, "defaultPriority"))
                        : Priority.P3,
                states, escalate,
                map.containsKey("resolutionCode") ? text(map, "resolutionCode") : null,
                map.containsKey("closeCode") ? text(map, "closeCode") : "IMPORTED",
                map.containsKey("cancelReason") ? parseEnum(CancelReason.class, "cancelReason", text(map, "cancelReason"))
                        : CancelReason.INVALID);
    }

    /** The fields a record must provide (CSV: columns the header must have). */
    List<String> fields() {
        List<String> fields = new ArrayList<>();
        fields.add(caseField);
        fields.add(timestampField);
        fields.addAll(stateFields);
        for (String optional : new String[] {ownerField, teamField, priorityField, categoryField, actorField,
                reporterField, titleField}) {
            if (optional != null && !fields.contains(optional)) {
                fields.add(optional);
            }
        }
        return fields;
    }

    /**
     * Maps one record's fields (by XES key or CSV column) to a source event; a missing or unreadable time
     * makes it a malformed record, reported with its position and never sent.
     */
    SourceEvent event(String caseId, int index, String position, java.util.function.Function<String, String> field) {
        String time = field.apply(timestampField);
        if (time == null || time.isBlank()) {
            return SourceEvent.malformed(caseId, index, position, "no timestamp (" + timestampField + ")");
        }
        Instant at;
        try {
            at = instant(time);
        } catch (DateTimeException e) {
            return SourceEvent.malformed(caseId, index, position, e.getMessage());
        }
        StringBuilder state = new StringBuilder();
        for (String stateField : stateFields) {
            String part = field.apply(stateField);
            if (part != null && !part.isBlank()) {
                state.append(state.isEmpty() ? "" : stateSeparator).append(part.strip());
            }
        }
        return new SourceEvent(caseId, index, position, at, state.toString(), value(field, ownerField),
                value(field, teamField), value(field, priorityField), value(field, categoryField),
                value(field, actorField), value(field, reporterField), value(field, titleField), null);
    }

    private static String value(java.util.function.Function<String, String> field, String name) {
        if (name == null) {
            return null;
        }
        String value = field.apply(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * Reads a timestamp: with {@code timestampPattern}, in that pattern (in {@code zone} unless the pattern
     * has an offset or zone of its own); without, ISO-8601 with an offset (XES's {@code xs:dateTime}), or a
     * local date-time in {@code zone}. PostgreSQL keeps microseconds, so finer digits are dropped here.
     *
     * @throws DateTimeException naming what was expected
     */
    Instant instant(String text) {
        String value = text.strip();
        try {
            if (timestampPattern != null) {
                TemporalAccessor parsed = timestampPattern.parse(value);
                if (parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
                    return OffsetDateTime.from(parsed).toInstant().truncatedTo(ChronoUnit.MICROS);
                }
                if (parsed.query(java.time.temporal.TemporalQueries.zoneId()) != null) {
                    return ZonedDateTime.from(parsed).toInstant().truncatedTo(ChronoUnit.MICROS);
                }
                return LocalDateTime.from(parsed).atZone(zone).toInstant().truncatedTo(ChronoUnit.MICROS);
            }
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parse(value);
            if (parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
                return OffsetDateTime.from(parsed).toInstant().truncatedTo(ChronoUnit.MICROS);
            }
            return LocalDateTime.from(parsed).atZone(zone).toInstant().truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new DateTimeException("timestamp '" + value + "' does not match "
                    + (timestampPattern != null ? "the pattern " + timestampPatternText : "ISO-8601 (e.g. 2012-05-23T14:01:02+02:00)"));
        } catch (DateTimeException e) {
            throw new DateTimeException("timestamp '" + value + "' is incomplete for a point in time: " + e.getMessage());
        }
    }

    private static String required(Map<?, ?> map, String key) {
        String value = text(map, key);
        if (value == null || value.isBlank()) {
            throw new InvalidMapping("Missing '" + key + "' in the mapping");
        }
        return value;
    }

    private static String text(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            throw new InvalidMapping("'" + key + "' must be a single value");
        }
        return value == null ? null : String.valueOf(value);
    }

    private static Map<String, String> section(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> entries)) {
            throw new InvalidMapping("'" + key + "' must be a map of source value: our value");
        }
        Map<String, String> result = new LinkedHashMap<>();
        entries.forEach((from, to) -> result.put(String.valueOf(from), String.valueOf(to)));
        return result;
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String key, String value) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidMapping(key + ": '" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants())
                    .toLowerCase(Locale.ROOT));
        }
    }

    /** The mapping cannot work; nothing was imported (HTTP 400). */
    static final class InvalidMapping extends RuntimeException {
        InvalidMapping(String message) {
            super(message, null, false, false);
        }
    }
}
