package org.issueledger.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.issueledger.events.issue.*;

/**
 * The stable wire name and version of every event, independent of the Java class name: renaming a
 * class changes nothing on the wire, and an incompatible change bumps the version (with an upcaster).
 */
public enum EventType {
    ISSUE_CREATED("IssueCreated", 1, IssueCreated.class),
    OWNER_ASSIGNED("OwnerAssigned", 1, OwnerAssigned.class),
    CO_HANDLER_ADDED("CoHandlerAdded", 1, CoHandlerAdded.class),
    CO_HANDLER_REMOVED("CoHandlerRemoved", 1, CoHandlerRemoved.class),
    ISSUE_ACKNOWLEDGED("IssueAcknowledged", 1, IssueAcknowledged.class),
    WORK_STARTED("WorkStarted", 1, WorkStarted.class),
    COMMENT_ADDED("CommentAdded", 1, CommentAdded.class),
    PRIORITY_CHANGED("PriorityChanged", 1, PriorityChanged.class),
    ISSUE_RECLASSIFIED("IssueReclassified", 1, IssueReclassified.class),
    ISSUE_PUT_ON_HOLD("IssuePutOnHold", 1, IssuePutOnHold.class),
    ISSUE_RESUMED("IssueResumed", 1, IssueResumed.class),
    ISSUE_ESCALATED("IssueEscalated", 1, IssueEscalated.class),
    ISSUE_RESOLVED("IssueResolved", 1, IssueResolved.class),
    RESOLUTION_ACCEPTED("ResolutionAccepted", 1, ResolutionAccepted.class),
    RESOLUTION_REJECTED("ResolutionRejected", 1, ResolutionRejected.class),
    ISSUE_CLOSED("IssueClosed", 1, IssueClosed.class),
    ISSUE_REOPENED("IssueReopened", 1, IssueReopened.class),
    ISSUE_CANCELLED("IssueCancelled", 1, IssueCancelled.class),
    SLA_POLICY_ATTACHED("SlaPolicyAttached", 1, SlaPolicyAttached.class),
    SLA_CLOCK_STARTED("SlaClockStarted", 1, SlaClockStarted.class),
    SLA_CLOCK_PAUSED("SlaClockPaused", 1, SlaClockPaused.class),
    SLA_CLOCK_RESUMED("SlaClockResumed", 1, SlaClockResumed.class),
    SLA_WARNING_REACHED("SlaWarningReached", 1, SlaWarningReached.class),
    SLA_BREACHED("SlaBreached", 1, SlaBreached.class),
    SLA_CLOCK_STOPPED("SlaClockStopped", 1, SlaClockStopped.class),
    TEAM_ASSIGNED("TeamAssigned", 1, TeamAssigned.class);

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));

    private final String wireName;
    private final int version;
    private final Class<? extends IssueEvent> javaType;

    EventType(String wireName, int version, Class<? extends IssueEvent> javaType) {
        this.wireName = wireName;
        this.version = version;
        this.javaType = javaType;
    }

    public String wireName() {
        return wireName;
    }

    public int version() {
        return version;
    }

    public Class<? extends IssueEvent> javaType() {
        return javaType;
    }

    public static Optional<EventType> byWireName(String wireName) {
        return Optional.ofNullable(BY_NAME.get(wireName));
    }

    /**
     * The type whose record class this is, or null for any other class: a lookup for a payload type known only as a
     * class (a stored event's, before it is bound), where null means "not an issue event".
     */
    public static EventType ofJavaType(Class<?> javaType) {
        return BY_CLASS.get(javaType);
    }

    public static EventType of(IssueEvent event) {
        EventType type = ofJavaType(event.getClass());
        if (type == null) {
            throw new IllegalArgumentException("No wire name registered for " + event.getClass().getName());
        }
        return type;
    }
}
