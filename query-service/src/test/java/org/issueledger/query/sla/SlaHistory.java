package org.issueledger.query.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.CommentAdded;
import org.issueledger.events.issue.IssueAcknowledged;
import org.issueledger.events.issue.IssueCancelled;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.IssuePutOnHold;
import org.issueledger.events.issue.IssueReclassified;
import org.issueledger.events.issue.IssueReopened;
import org.issueledger.events.issue.IssueResolved;
import org.issueledger.events.issue.IssueResumed;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.issue.PriorityChanged;
import org.issueledger.events.issue.SlaBreached;
import org.issueledger.events.issue.SlaClockPaused;
import org.issueledger.events.issue.SlaClockResumed;
import org.issueledger.events.issue.SlaClockStarted;
import org.issueledger.events.issue.SlaClockStopped;
import org.issueledger.events.issue.SlaPolicyAttached;
import org.issueledger.events.issue.SlaWarningReached;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import org.issueledger.query.IssueTimeline;

/**
 * One issue's events as the command side emits them, written out by hand: times as UTC {@code 2024-01-08T09:00},
 * durations as {@code 1h30m}. Only {@link #opened} computes anything (the two SlaClockStarted, from the policy as
 * the aggregate does); every later measurement is stated in the test, so the expected numbers are visible there.
 */
final class SlaHistory {

    private final IssueTimeline timeline = new IssueTimeline();
    private final List<EventEnvelope> events = new ArrayList<>();
    private SlaPolicy policy;
    private int reopens;

    UUID id() {
        return timeline.issueId();
    }

    List<EventEnvelope> events() {
        return List.copyOf(events);
    }

    /** IssueCreated, SlaPolicyAttached and both SlaClockStarted, warning and due computed in the policy's calendar. */
    SlaHistory opened(String at, Priority priority, String team, String category, SlaPolicy policy) {
        Instant when = at(at);
        add(new IssueCreated(id(), "Mail relay rejects", "550 from relay-2", category, "smtp", priority, team,
                "zabbix", when, "rita"));
        this.policy = policy;
        add(new SlaPolicyAttached(id(), policy, when, "system:sla"));
        for (ClockKind clock : ClockKind.values()) {
            Duration target = policy.target(clock, priority);
            Duration warning = target.multipliedBy(policy.warningPercent()).dividedBy(100);
            add(new SlaClockStarted(id(), clock, policy.version(), target,
                    policy.calendar().plusBusinessTime(when, warning), policy.calendar().plusBusinessTime(when, target),
                    when, "system:sla"));
        }
        return this;
    }

    SlaHistory assigned(String at, String owner) {
        return add(new OwnerAssigned(id(), owner, null, 0, at(at), "dispatcher"));
    }

    SlaHistory acknowledged(String at) {
        return add(new IssueAcknowledged(id(), at(at), "bo"));
    }

    SlaHistory firstResponseComment(String at) {
        return add(new CommentAdded(id(), "Looking into it", true, true, at(at), "bo"));
    }

    SlaHistory internalComment(String at) {
        return add(new CommentAdded(id(), "relay-2 certificate?", false, false, at(at), "bo"));
    }

    SlaHistory priorityChanged(String at, Priority from, Priority to) {
        return add(new PriorityChanged(id(), to, from, at(at), "rita"));
    }

    SlaHistory reclassified(String at, String from, String to) {
        return add(new IssueReclassified(id(), to, "smtp", from, "smtp", at(at), "rita"));
    }

    SlaHistory onHold(String at, String reason) {
        return add(new IssuePutOnHold(id(), reason, at(at), "bo"));
    }

    SlaHistory backToWork(String at) {
        return add(new IssueResumed(id(), at(at), "bo"));
    }

    SlaHistory resolved(String at) {
        return add(new IssueResolved(id(), "FIXED", "Renewed the relay certificate", "KB-7", at(at), "bo"));
    }

    SlaHistory reopened(String at) {
        return add(new IssueReopened(id(), "Still bouncing", ++reopens, at(at), "rita"));
    }

    SlaHistory cancelled(String at) {
        return add(new IssueCancelled(id(), CancelReason.FALSE_REPORT, null, "test alert", at(at), "rita"));
    }

    SlaHistory clockPaused(String at, String reason, String elapsed, String dueAt) {
        return add(new SlaClockPaused(id(), ClockKind.RESOLUTION, policy.version(), reason, duration(elapsed),
                at(dueAt), at(at), "system:sla"));
    }

    SlaHistory clockResumed(String at, ClockKind clock, String target, String elapsed, String warningAt, String dueAt) {
        return add(new SlaClockResumed(id(), clock, policy.version(), duration(target), duration(elapsed),
                at(warningAt), at(dueAt), at(at), "system:sla"));
    }

    SlaHistory warned(String at, ClockKind clock, String target, String dueAt) {
        return add(new SlaWarningReached(id(), clock, policy.version(), duration(target), at(dueAt), at(at),
                "system:sla"));
    }

    SlaHistory breached(String at, ClockKind clock, String target, String dueAt) {
        return add(new SlaBreached(id(), clock, policy.version(), duration(target), at(dueAt), at(at), "system:sla"));
    }

    SlaHistory clockStopped(String at, ClockKind clock, String target, String elapsed, String dueAt, boolean met) {
        return add(new SlaClockStopped(id(), clock, policy.version(), duration(target), duration(elapsed), at(dueAt),
                met, at(at), "system:sla"));
    }

    private SlaHistory add(IssueEvent event) {
        events.add(timeline.next(event));
        return this;
    }

    /** {@code 2024-01-08T09:00} (UTC), or any ISO instant. */
    static Instant at(String time) {
        return time.endsWith("Z") || time.contains("+") ? Instant.parse(time)
                : LocalDateTime.parse(time).toInstant(ZoneOffset.UTC);
    }

    /** {@code 1h30m}, {@code 20m}, {@code 26h}. */
    static Duration duration(String text) {
        return Duration.parse("PT" + text.toUpperCase(Locale.ROOT));
    }
}
