package org.issueledger.command.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.issueledger.command.history.IssueState.Clock;
import org.issueledger.events.issue.*;
import org.issueledger.events.sla.ClockKind;

/**
 * Folds an issue's events, in sequence order, into the state it describes. Independent of the aggregate
 * on purpose: the aggregate keeps what its rules need, this keeps what an auditor asks about.
 *
 * <p>Java 17 has no pattern switch over the sealed IssueEvent: the chain names every event and ends in
 * an exception instead, and IssueFoldTest folds a history holding every permitted event type, so a new
 * event fails the build until someone decides what it changes here.
 */
final class IssueFold {

    private UUID issueId;
    private IssueStatus status;
    private String title;
    private String description;
    private Priority priority;
    private String category;
    private String component;
    private String team;
    private String reporter;
    private String owner;
    private final Set<String> coHandlers = new LinkedHashSet<>();
    private int reassignments;
    private int escalationLevel;
    private int reopenCount;
    private boolean firstResponded;
    private IssueState.Resolution resolution;
    private IssueState.Closure closure;
    private IssueState.Cancellation cancellation;
    private Integer slaPolicyVersion;
    private final Map<ClockKind, Clock> clocks = new EnumMap<>(ClockKind.class);
    private Instant createdAt;
    private Instant lastOccurredAt;
    private Instant lastRecordedAt;
    private long lastSequence = -1;
    private long eventsFolded;

    boolean isEmpty() {
        return eventsFolded == 0;
    }

    void apply(IssueEvent event, long sequence, Instant recordedAt) {
        if (event instanceof IssueCreated e) {
            issueId = e.issueId();
            status = IssueStatus.OPEN;
            title = e.title();
            description = e.description();
            priority = e.priority();
            category = e.category();
            component = e.component();
            team = e.team();
            reporter = e.reporter();
            createdAt = e.occurredAt();
        } else if (event instanceof OwnerAssigned e) {
            owner = e.owner();
            reassignments = e.reassignments();
            coHandlers.remove(e.owner());
            if (status == IssueStatus.OPEN) {
                    status = IssueStatus.ASSIGNED;
            }
        } else if (event instanceof TeamAssigned e) {
            team = e.team();
        } else if (event instanceof CoHandlerAdded e) {
            coHandlers.add(e.coHandler());
        } else if (event instanceof CoHandlerRemoved e) {
            coHandlers.remove(e.coHandler());
        } else if (event instanceof IssueAcknowledged) {
            firstResponded = true;
        } else if (event instanceof WorkStarted) {
            status = IssueStatus.IN_PROGRESS;
        } else if (event instanceof CommentAdded e) {
            firstResponded |= e.firstResponse();
        } else if (event instanceof PriorityChanged e) {
            priority = e.priority();
        } else if (event instanceof IssueReclassified e) {
            category = e.category();
            component = e.component();
        } else if (event instanceof IssuePutOnHold) {
            status = IssueStatus.ON_HOLD;
        } else if (event instanceof IssueResumed) {
            status = IssueStatus.IN_PROGRESS;
        } else if (event instanceof IssueEscalated e) {
            escalationLevel = e.level();
        } else if (event instanceof IssueResolved e) {
            status = IssueStatus.RESOLVED;
            resolution = new IssueState.Resolution(e.resolutionCode(), e.solutionSummary(), e.knowledgeArticle(),
                    false);
        } else if (event instanceof ResolutionAccepted e) {
            resolution = new IssueState.Resolution(resolution.resolutionCode(), resolution.solutionSummary(),
                    resolution.knowledgeArticle(), true);
        } else if (event instanceof ResolutionRejected e) {
            status = IssueStatus.IN_PROGRESS;
            reopenCount = e.reopenCount();
            resolution = null;
        } else if (event instanceof IssueClosed e) {
            status = IssueStatus.CLOSED;
            closure = new IssueState.Closure(e.closeCode(), e.satisfaction());
        } else if (event instanceof IssueReopened e) {
            status = IssueStatus.IN_PROGRESS;
            reopenCount = e.reopenCount();
            resolution = null;
            closure = null;
        } else if (event instanceof IssueCancelled e) {
            status = IssueStatus.CANCELLED;
            cancellation = new IssueState.Cancellation(e.reason(), e.duplicateOf(), e.note());
        } else if (event instanceof SlaPolicyAttached e) {
            slaPolicyVersion = e.policy().version();
        } else if (event instanceof SlaClockStarted e) {
            clocks.put(e.clock(),
                    new Clock(Clock.State.RUNNING, e.target(), Duration.ZERO, e.dueAt(), false, false, null));
        } else if (event instanceof SlaClockPaused e) {
            clocks.computeIfPresent(e.clock(), (kind, c) -> new Clock(Clock.State.PAUSED,
                    c.target(), e.elapsed(), e.dueAt(), c.warningReached(), c.breached(), null));
        } else if (event instanceof SlaClockResumed e) {
            clocks.computeIfPresent(e.clock(), (kind, c) -> new Clock(Clock.State.RUNNING,
                    e.target(), e.elapsed(), e.dueAt(), c.warningReached(), c.breached(), null));
        } else if (event instanceof SlaWarningReached e) {
            clocks.computeIfPresent(e.clock(), (kind, c) -> new Clock(c.state(),
                    c.target(), c.elapsed(), c.dueAt(), true, c.breached(), c.met()));
        } else if (event instanceof SlaBreached e) {
            clocks.computeIfPresent(e.clock(), (kind, c) -> new Clock(c.state(),
                    c.target(), c.elapsed(), c.dueAt(), c.warningReached(), true, c.met()));
        } else if (event instanceof SlaClockStopped e) {
            clocks.computeIfPresent(e.clock(), (kind, c) -> new Clock(Clock.State.STOPPED,
                    e.target(), e.elapsed(), e.dueAt(), c.warningReached(), c.breached(), e.met()));
        } else {
            throw new IllegalArgumentException("No fold for " + event.getClass().getName());
        }
        lastOccurredAt = event.occurredAt();
        lastRecordedAt = recordedAt;
        lastSequence = sequence;
        eventsFolded++;
    }

    IssueState state(Instant asOf) {
        return new IssueState(issueId, asOf, status, title, description, priority, category, component, team,
                reporter, owner, List.copyOf(coHandlers), reassignments, escalationLevel, reopenCount,
                firstResponded, resolution, closure, cancellation, slaPolicyVersion,
                Collections.unmodifiableMap(new EnumMap<>(clocks)), createdAt, lastOccurredAt, lastRecordedAt,
                lastSequence, eventsFolded);
    }
}
