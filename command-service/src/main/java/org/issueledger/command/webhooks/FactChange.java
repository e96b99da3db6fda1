package org.issueledger.command.webhooks;

import java.io.IOException;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.issue.PriorityChanged;
import org.issueledger.events.issue.TeamAssigned;

/**
 * What {@link IssueFacts#fold} takes from one event: its type, issue and actor, and the team, priority or owner it
 * sets (null for a type that sets none; see {@link #setsTeam} …).
 *
 * <p>Read from the event's stored JSON when it can be ({@link #read}): the processor binds a whole event only when a
 * subscription is to get it. Binding every stored event into its record — its instants, its UUIDs, its texts — was
 * half of the processor's CPU in an import, for the few fields the facts need.
 */
record FactChange(EventType type, UUID issueId, String actor, String team, Priority priority, String owner) {

    static boolean setsTeam(EventType type) {
        return type == EventType.ISSUE_CREATED || type == EventType.TEAM_ASSIGNED;
    }

    static boolean setsPriority(EventType type) {
        return type == EventType.ISSUE_CREATED || type == EventType.PRIORITY_CHANGED;
    }

    static boolean setsOwner(EventType type) {
        return type == EventType.OWNER_ASSIGNED;
    }

    /** From the event itself. */
    static FactChange of(IssueEvent event) {
        EventType type = EventType.of(event);
        String team = event instanceof IssueCreated e ? e.team() : event instanceof TeamAssigned e ? e.team() : null;
        Priority priority = event instanceof IssueCreated e ? e.priority()
                : event instanceof PriorityChanged e ? e.priority() : null;
        String owner = event instanceof OwnerAssigned e ? e.owner() : null;
        return new FactChange(type, event.issueId(), event.actor(), team, priority, owner);
    }

    /**
     * From the event's stored JSON, read with a streaming parser of the store's own Jackson: what binding the event
     * would give, or null when the JSON is not in the shape that makes sure of it — a field missing or given twice, a
     * text field that is not a string or null (Jackson would coerce it), an issue id not in the canonical 36-character
     * form, a priority that is not a constant's name, anything after the object, JSON that does not parse. The caller
     * then binds the event ({@link #of}), which reads or refuses it as before.
     */
    static FactChange read(EventType type, byte[] json, JsonFactory parsers) {
        boolean team = setsTeam(type);
        boolean priority = setsPriority(type);
        boolean owner = setsOwner(type);
        Fields fields = new Fields();
        try (JsonParser parser = parsers.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String name;
            while ((name = parser.nextFieldName()) != null) {
                JsonToken token = parser.nextToken();
                boolean read = switch (name) {
                    case "issueId" -> fields.issueId(parser, token);
                    case "actor" -> fields.actor(parser, token);
                    case "team" -> !team || fields.team(parser, token);
                    case "priority" -> !priority || fields.priority(parser, token);
                    case "owner" -> !owner || fields.owner(parser, token);
                    default -> true;
                };
                if (!read) {
                    return null;
                }
                parser.skipChildren();
            }
            if (parser.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        if (!fields.issueIdSeen || !fields.actorSeen || team && !fields.teamSeen
                || priority && !fields.prioritySeen || owner && !fields.ownerSeen) {
            return null;
        }
        return new FactChange(type, fields.issueId, fields.actor, fields.team, fields.priority, fields.owner);
    }

    /** The fields as read so far; each setter says whether its value is one binding would give the same. */
    private static final class Fields {

        UUID issueId;
        String actor;
        String team;
        Priority priority;
        String owner;
        boolean issueIdSeen;
        boolean actorSeen;
        boolean teamSeen;
        boolean prioritySeen;
        boolean ownerSeen;

        boolean issueId(JsonParser parser, JsonToken token) throws IOException {
            if (issueIdSeen || token != JsonToken.VALUE_STRING) {
                return false;
            }
            issueIdSeen = true;
            issueId = canonicalUuid(parser.getText());
            return issueId != null;
        }

        boolean actor(JsonParser parser, JsonToken token) throws IOException {
            if (actorSeen || !isText(token)) {
                return false;
            }
            actorSeen = true;
            actor = text(parser, token);
            return true;
        }

        boolean team(JsonParser parser, JsonToken token) throws IOException {
            if (teamSeen || !isText(token)) {
                return false;
            }
            teamSeen = true;
            team = text(parser, token);
            return true;
        }

        boolean owner(JsonParser parser, JsonToken token) throws IOException {
            if (ownerSeen || !isText(token)) {
                return false;
            }
            ownerSeen = true;
            owner = text(parser, token);
            return true;
        }

        boolean priority(JsonParser parser, JsonToken token) throws IOException {
            if (prioritySeen || !isText(token)) {
                return false;
            }
            prioritySeen = true;
            if (token == JsonToken.VALUE_NULL) {
                return true;
            }
            String name = parser.getText();
            for (Priority constant : Priority.values()) {
                if (constant.name().equals(name)) {
                    priority = constant;
                    return true;
                }
            }
            return false;
        }

        private static boolean isText(JsonToken token) {
            return token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NULL;
        }

        private static String text(JsonParser parser, JsonToken token) throws IOException {
            return token == JsonToken.VALUE_NULL ? null : parser.getText();
        }
    }

    /** {@code 8-4-4-4-12} hex digits, as {@link UUID#toString()} writes it; null for anything else. */
    static UUID canonicalUuid(String text) {
        if (text.length() != 36) {
            return null;
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
                return null;
            }
        }
        return UUID.fromString(text);
    }
}
