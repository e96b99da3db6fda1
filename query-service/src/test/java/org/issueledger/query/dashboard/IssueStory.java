package org.issueledger.query.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.CommentAdded;
import org.issueledger.events.issue.IssueAcknowledged;
import org.issueledger.events.issue.IssueCancelled;
import org.issueledger.events.issue.IssueClosed;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.IssueEscalated;
import org.issueledger.events.issue.IssueReclassified;
import org.issueledger.events.issue.IssueReopened;
import org.issueledger.events.issue.IssueResolved;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.issue.PriorityChanged;
import org.issueledger.events.issue.ResolutionRejected;
import org.issueledger.events.issue.SlaBreached;
import org.issueledger.events.issue.WorkStarted;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.query.IssueTimeline;

/**
 * One issue's history for the analytics tests, told at business times of the test's choosing
 * ({@code "2031-03-05T10:00"}, UTC), numbered like the event store numbers it.
 */
public final class IssueStory {

    private final IssueTimeline timeline = new IssueTimeline();
    private final List<EventEnvelope> events = new ArrayList<>();
    private String title;
    private String category;
    private String component;
    private Priority priority;
    private String owner;
    private int escalationLevel;
    private int reopenCount;

    private IssueStory() {
    }

    public static IssueStory created(String at, String title, String category, String component, Priority priority,
                                     String team) {
        IssueStory story = new IssueStory();
        story.title = title;
        story.category = category;
        story.component = component;
        story.priority = priority;
        return story.add(new IssueCreated(story.issueId(), title, "described", category, component, priority, team,
                "zabbix", time(at), "ana"));
    }

    public UUID issueId() {
        return timeline.issueId();
    }

    public String title() {
        return title;
    }

    public List<EventEnvelope> events() {
        return List.copyOf(events);
    }

    public IssueStory assigned(String at, String newOwner) {
        int reassignments = owner == null ? 0 : 1;
        IssueStory story = add(new OwnerAssigned(issueId(), newOwner, owner, reassignments, time(at), "dispatcher"));
        owner = newOwner;
        return story;
    }

    public IssueStory acknowledged(String at) {
        return add(new IssueAcknowledged(issueId(), time(at), "bo"));
    }

    public IssueStory answered(String at) {
        return add(new CommentAdded(issueId(), "looking into it", true, true, time(at), "bo"));
    }

    public IssueStory commented(String at) {
        return add(new CommentAdded(issueId(), "internal note", false, false, time(at), "bo"));
    }

    public IssueStory started(String at) {
        return add(new WorkStarted(issueId(), time(at), "bo"));
    }

    public IssueStory escalated(String at) {
        escalationLevel++;
        return add(new IssueEscalated(issueId(), escalationLevel, escalationLevel - 1, "customer waiting", time(at),
                "ana"));
    }

    public IssueStory reclassified(String at, String newCategory, String newComponent) {
        IssueStory story = add(new IssueReclassified(issueId(), newCategory, newComponent, category, component,
                time(at), "ana"));
        category = newCategory;
        component = newComponent;
        return story;
    }

    public IssueStory prioritised(String at, Priority newPriority) {
        IssueStory story = add(new PriorityChanged(issueId(), newPriority, priority, time(at), "ana"));
        priority = newPriority;
        return story;
    }

    public IssueStory resolved(String at) {
        return add(new IssueResolved(issueId(), "FIXED", "fixed it", null, time(at), "bo"));
    }

    public IssueStory rejected(String at) {
        reopenCount++;
        return add(new ResolutionRejected(issueId(), "not fixed", reopenCount, time(at), "zabbix"));
    }

    public IssueStory closed(String at, Integer satisfaction) {
        return add(new IssueClosed(issueId(), "DONE", satisfaction, time(at), "zabbix"));
    }

    public IssueStory reopened(String at) {
        reopenCount++;
        return add(new IssueReopened(issueId(), "came back", reopenCount, time(at), "zabbix"));
    }

    public IssueStory cancelled(String at, CancelReason reason) {
        return add(new IssueCancelled(issueId(), reason, reason == CancelReason.DUPLICATE ? UUID.randomUUID() : null,
                "not ours", time(at), "ana"));
    }

    /** The SLA engine's timer found the clock past its due time {@code at}. */
    public IssueStory breached(String at, ClockKind clock) {
        return add(new SlaBreached(issueId(), clock, 1, Duration.ofHours(4), time(at), time(at), "system:sla"));
    }

    /**
     * A team name no other test uses. All Spring tests share one database, so an analytics test tells its stories
     * for a team of its own and asks for that team only: its numbers are then exact whatever else is stored.
     */
    public static String freshTeam(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A business time in UTC: {@code 2031-03-05T10:00}, seconds optional. */
    public static Instant time(String at) {
        return Instant.parse(at.length() == 16 ? at + ":00Z" : at + "Z");
    }

    private IssueStory add(IssueEvent event) {
        events.add(timeline.next(event));
        return this;
    }
}
