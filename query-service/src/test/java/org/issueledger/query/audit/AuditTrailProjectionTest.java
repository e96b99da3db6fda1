package org.issueledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.CoHandlerAdded;
import org.issueledger.events.issue.CoHandlerRemoved;
import org.issueledger.events.issue.CommentAdded;
import org.issueledger.events.issue.IssueAcknowledged;
import org.issueledger.events.issue.IssueCancelled;
import org.issueledger.events.issue.IssuePutOnHold;
import org.issueledger.events.issue.IssueReclassified;
import org.issueledger.events.issue.IssueReopened;
import org.issueledger.events.issue.IssueResumed;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.issue.PriorityChanged;
import org.issueledger.events.issue.ResolutionRejected;
import org.issueledger.events.issue.SlaBreached;
import org.issueledger.events.issue.SlaClockStarted;
import org.issueledger.events.issue.WorkStarted;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.query.IssueTimeline;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Events straight into the projection, the trail out of the real PostgreSQL and the HTTP API. */
class AuditTrailProjectionTest extends AuditTestSupport {

    private final IssueTimeline issue = new IssueTimeline();

    @Test
    void everyEventBecomesOneEntryAndTheTrailIsInSequenceOrder() {
        List<EventEnvelope> events = List.of(issue.created(), issue.assigned("bo", null, 0), issue.escalated(1, 0),
                issue.resolved(), issue.closed(3));
        // Stored out of order on purpose: the trail's order is the issue's, not the arrival's.
        List<EventEnvelope> arrival = new ArrayList<>(events);
        Collections.reverse(arrival);
        arrival.forEach(this::apply);

        JsonNode trail = trail();

        assertThat(trail.get("issueId").stringValue()).isEqualTo(issue.issueId().toString());
        JsonNode entries = trail.get("entries");
        assertThat(entries).hasSize(5);
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope event = events.get(i);
            JsonNode entry = entries.get(i);
            assertThat(entry.get("eventId").stringValue()).isEqualTo(event.eventId().toString());
            assertThat(entry.get("issueId").stringValue()).isEqualTo(issue.issueId().toString());
            assertThat(entry.get("sequence").longValue()).isEqualTo(event.sequence());
            assertThat(entry.get("globalPosition").longValue()).isEqualTo(event.globalPosition());
            assertThat(entry.get("type").stringValue()).isEqualTo(event.type());
            assertThat(entry.get("version").intValue()).isEqualTo(1);
            assertThat(entry.get("actor").stringValue()).isEqualTo(event.actor());
            assertThat(entry.get("occurredAt").stringValue()).isEqualTo(event.occurredAt().toString());
            assertThat(entry.get("recordedAt").stringValue()).isEqualTo(event.recordedAt().toString());
            assertThat(entry.get("correlationId").stringValue()).isEqualTo("corr-" + issue.issueId());
            assertThat(entry.get("sourceSystem").stringValue()).isEqualTo("monitoring");
        }
        assertThat(trail.get("freshness").has("lastGlobalPosition")).isTrue();
    }

    @Test
    void metadataAndPayloadAreKeptAsReceived() {
        apply(issue.created());
        EventEnvelope assigned = apply(issue.assigned("bo", null, 0));

        JsonNode entry = trail().get("entries").get(1);

        assertThat(entry.get("payload").get("owner").stringValue()).isEqualTo("bo");
        assertThat(entry.get("payload").get("previousOwner").isNull()).isTrue();
        assertThat(entry.get("payload").get("reassignments").intValue()).isZero();
        assertThat(entry.get("metadata").get("commandId").stringValue())
                .isEqualTo(assigned.metadata().get("commandId"));
        assertThat(entry.get("metadata").get("causationId").stringValue())
                .isEqualTo(assigned.metadata().get("causationId"));
    }

    @Test
    void hashChainLinksInTheMetadataAreShownWhenPresent() {
        apply(issue.created());
        apply(withMetadata(issue.assigned("bo", null, 0), Map.of("hash", "ab12", "previousHash", "9f00")));

        JsonNode entries = trail().get("entries");

        assertThat(entries.get(0).get("hash").isNull()).isTrue();
        assertThat(entries.get(0).get("previousHash").isNull()).isTrue();
        assertThat(entries.get(1).get("hash").stringValue()).isEqualTo("ab12");
        assertThat(entries.get(1).get("previousHash").stringValue()).isEqualTo("9f00");
        assertThat(entries.get(1).get("metadata").get("hash").stringValue()).isEqualTo("ab12");
    }

    @Test
    void creationListsEveryInitialFieldWithoutABefore() {
        apply(issue.created());

        JsonNode entry = trail().get("entries").get(0);

        assertThat(changes(entry)).containsExactly(
                Map.entry("title", change(null, "Disk full on db-7")),
                Map.entry("description", change(null, "/var is at 100 %")),
                Map.entry("category", change(null, "infrastructure")),
                Map.entry("component", change(null, "storage")),
                Map.entry("priority", change(null, "P2")),
                Map.entry("team", change(null, "ops")),
                Map.entry("reporter", change(null, "zabbix")),
                Map.entry("status", change(null, "OPEN")));
        assertThat(entry.get("team").stringValue()).isEqualTo("ops");
        assertThat(entry.get("lifecycleTransition").stringValue()).isEqualTo("schedule");
    }

    @Test
    void assignmentAndReassignmentShowTheOwnerBeforeAndAfter() {
        apply(issue.created());
        apply(issue.assigned("ana", null, 0));
        apply(issue.assigned("bo", "ana", 1));

        JsonNode entries = trail().get("entries");

        assertThat(changes(entries.get(1))).containsOnly(
                Map.entry("owner", change(null, "ana")),
                Map.entry("reassignments", change(null, 0)),
                Map.entry("status", change("OPEN", "ASSIGNED")));
        assertThat(entries.get(1).get("lifecycleTransition").stringValue()).isEqualTo("assign");
        assertThat(changes(entries.get(2))).containsOnly(
                Map.entry("owner", change("ana", "bo")),
                Map.entry("reassignments", change(0, 1)));
        assertThat(entries.get(2).get("lifecycleTransition").stringValue()).isEqualTo("reassign");
    }

    @Test
    void reclassificationShowsCategoryAndComponentBeforeAndAfter() {
        apply(issue.created());
        apply(issue.next(new IssueReclassified(issue.issueId(), "network", "dns", "infrastructure", "storage",
                issue.tick(), "ana")));
        apply(issue.next(new IssueReclassified(issue.issueId(), "network", null, "network", "dns", issue.tick(),
                "ana")));

        JsonNode entries = trail().get("entries");

        assertThat(changes(entries.get(1))).containsOnly(
                Map.entry("category", change("infrastructure", "network")),
                Map.entry("component", change("storage", "dns")));
        assertThat(changes(entries.get(2))).containsOnly(Map.entry("component", change("dns", null)));
        assertThat(entries.get(2).get("lifecycleTransition").stringValue()).isEqualTo("complete");
    }

    @Test
    void holdAndResumeShowTheStatusAndTheReason() {
        apply(issue.created());
        apply(issue.assigned("ana", null, 0));
        apply(issue.next(new WorkStarted(issue.issueId(), issue.tick(), "ana")));
        apply(issue.next(new IssuePutOnHold(issue.issueId(), "waiting for vendor", issue.tick(), "ana")));
        apply(issue.next(new IssueResumed(issue.issueId(), issue.tick(), "ana")));

        JsonNode entries = trail().get("entries");

        assertThat(changes(entries.get(2))).containsOnly(Map.entry("status", change("ASSIGNED", "IN_PROGRESS")));
        assertThat(changes(entries.get(3))).containsOnly(
                Map.entry("status", change("IN_PROGRESS", "ON_HOLD")),
                Map.entry("holdReason", change(null, "waiting for vendor")));
        assertThat(changes(entries.get(4))).containsOnly(
                Map.entry("status", change("ON_HOLD", "IN_PROGRESS")),
                Map.entry("holdReason", change("waiting for vendor", null)));
        assertThat(transitions(entries)).containsExactly("schedule", "assign", "start", "suspend", "resume");
    }

    @Test
    void resolvingClosingAndReopeningShowWhatEachSetAndUndid() {
        apply(issue.created());
        apply(issue.resolved());
        apply(issue.closed(4));
        apply(issue.next(new IssueReopened(issue.issueId(), "came back", 1, issue.tick(), "zabbix")));

        JsonNode entries = trail().get("entries");

        assertThat(changes(entries.get(1))).containsOnly(
                Map.entry("status", change("OPEN", "RESOLVED")),
                Map.entry("resolutionCode", change(null, "FIXED")),
                Map.entry("solutionSummary", change(null, "Rotated logs, grew the volume")),
                Map.entry("knowledgeArticle", change(null, "KB-42")));
        assertThat(changes(entries.get(2))).containsOnly(
                Map.entry("status", change("RESOLVED", "CLOSED")),
                Map.entry("closeCode", change(null, "DONE")),
                Map.entry("satisfaction", change(null, 4)));
        assertThat(changes(entries.get(3))).containsOnly(
                Map.entry("status", change("CLOSED", "IN_PROGRESS")),
                Map.entry("reopenCount", change(null, 1)),
                Map.entry("resolutionCode", change("FIXED", null)),
                Map.entry("solutionSummary", change("Rotated logs, grew the volume", null)),
                Map.entry("knowledgeArticle", change("KB-42", null)),
                Map.entry("closeCode", change("DONE", null)),
                Map.entry("satisfaction", change(4, null)));
        assertThat(transitions(entries)).containsExactly("schedule", "complete", "complete", "resume");
    }

    @Test
    void rejectedVerificationSendsTheIssueBackToWork() {
        apply(issue.created());
        apply(issue.resolved());
        apply(issue.next(new ResolutionRejected(issue.issueId(), "still full", 1, issue.tick(), "zabbix")));

        JsonNode rejected = trail().get("entries").get(2);

        assertThat(changes(rejected)).contains(
                Map.entry("status", change("RESOLVED", "IN_PROGRESS")),
                Map.entry("verification", change(null, "REJECTED")),
                Map.entry("reopenCount", change(null, 1)));
        assertThat(rejected.get("lifecycleTransition").stringValue()).isEqualTo("resume");
    }

    @Test
    void smallerChangesNameTheirFieldAndAFactWithoutOneChangesNothing() {
        Instant due = Instant.parse("2026-11-22T10:00:00Z");
        apply(issue.created());
        apply(issue.next(new PriorityChanged(issue.issueId(), Priority.P1, Priority.P2, issue.tick(), "ana")));
        apply(issue.escalated(1, 0));
        apply(issue.next(new CoHandlerAdded(issue.issueId(), "cy", issue.tick(), "ana")));
        apply(issue.next(new CoHandlerAdded(issue.issueId(), "dee", issue.tick(), "ana")));
        apply(issue.next(new CoHandlerRemoved(issue.issueId(), "cy", issue.tick(), "ana")));
        apply(issue.next(new CommentAdded(issue.issueId(), "looking", false, false, issue.tick(), "ana")));
        Instant acknowledgedAt = issue.tick();
        apply(issue.next(new IssueAcknowledged(issue.issueId(), acknowledgedAt, "ana")));
        apply(issue.next(new SlaClockStarted(issue.issueId(), ClockKind.RESOLUTION, 1, Duration.ofHours(8),
                due.minusSeconds(3600), due, issue.tick(), "system:sla")));
        apply(issue.next(new SlaBreached(issue.issueId(), ClockKind.RESOLUTION, 1, Duration.ofHours(8), due, due,
                "system:sla")));

        JsonNode entries = trail().get("entries");

        assertThat(changes(entries.get(1))).containsOnly(Map.entry("priority", change("P2", "P1")));
        assertThat(changes(entries.get(2))).containsOnly(Map.entry("escalationLevel", change(null, 1)));
        assertThat(changes(entries.get(3))).containsOnly(Map.entry("coHandlers", change(null, List.of("cy"))));
        assertThat(changes(entries.get(4))).containsOnly(
                Map.entry("coHandlers", change(List.of("cy"), List.of("cy", "dee"))));
        assertThat(changes(entries.get(5))).containsOnly(
                Map.entry("coHandlers", change(List.of("cy", "dee"), List.of("dee"))));
        assertThat(changes(entries.get(6))).isEmpty();
        assertThat(changes(entries.get(7))).containsOnly(
                Map.entry("firstResponseAt", change(null, acknowledgedAt.toString())));
        assertThat(changes(entries.get(8))).containsOnly(
                Map.entry("resolutionSla", change(null, "RUNNING")),
                Map.entry("resolutionDueAt", change(null, due.toString())));
        assertThat(changes(entries.get(9))).containsOnly(Map.entry("resolutionSla", change("RUNNING", "BREACHED")));
    }

    @Test
    void cancellingBeforeWorkStartedIsAWithdrawalAndAfterwardsAnAbort() {
        IssueTimeline untouched = new IssueTimeline();
        apply(untouched.created());
        apply(untouched.assigned("ana", null, 0));
        apply(untouched.next(new IssueCancelled(untouched.issueId(), CancelReason.DUPLICATE, issue.issueId(), "dup",
                untouched.tick(), "ana")));
        apply(issue.created());
        apply(issue.next(new WorkStarted(issue.issueId(), issue.tick(), "ana")));
        apply(issue.next(new IssueCancelled(issue.issueId(), CancelReason.FALSE_REPORT, null, "no fault",
                issue.tick(), "ana")));

        JsonNode withdrawn = trail(untouched.issueId()).get("entries").get(2);
        JsonNode aborted = trail().get("entries").get(2);

        assertThat(withdrawn.get("lifecycleTransition").stringValue()).isEqualTo("withdraw");
        assertThat(changes(withdrawn)).containsOnly(
                Map.entry("status", change("ASSIGNED", "CANCELLED")),
                Map.entry("cancelReason", change(null, "DUPLICATE")),
                Map.entry("duplicateOf", change(null, issue.issueId().toString())));
        assertThat(aborted.get("lifecycleTransition").stringValue()).isEqualTo("pi_abort");
    }

    @Test
    void redeliveredEventIsAppliedOnce() {
        EventEnvelope created = apply(issue.created());
        EventEnvelope assigned = apply(issue.assigned("ana", null, 0));
        apply(issue.assigned("bo", "ana", 1));

        apply(created);
        apply(assigned);
        apply(assigned);

        assertThat(auditRows(issue.issueId())).isEqualTo(3);
        JsonNode entries = trail().get("entries");
        assertThat(changes(entries.get(1))).containsEntry("owner", change(null, "ana"));
        assertThat(changes(entries.get(2))).containsEntry("owner", change("ana", "bo"));
        assertThat(stateOwner()).isEqualTo("bo");
    }

    @Test
    void anEventArrivingAfterALaterOneIsKeptOnceWithItsChangesUnknown() {
        EventEnvelope created = issue.created();
        EventEnvelope assigned = issue.assigned("ana", null, 0);
        apply(created);
        apply(issue.assigned("bo", "ana", 1));
        apply(assigned);
        apply(assigned);
        apply(created);

        assertThat(auditRows(issue.issueId())).isEqualTo(3);

        JsonNode late = trail().get("entries").get(1);

        assertThat(late.get("eventId").stringValue()).isEqualTo(assigned.eventId().toString());
        assertThat(late.get("changes").isNull()).isTrue();
        assertThat(stateOwner()).isEqualTo("bo");
    }

    @Test
    void everyPermittedEventMovesTheIssueStateOn() {
        assertEveryPermittedEventMovesTheGuardOn(projection, "audit_issue_state");
    }

    private JsonNode trail() {
        return trail(issue.issueId());
    }

    private String stateOwner() {
        return jdbc.sql("SELECT fields ->> 'owner' FROM audit_issue_state WHERE issue_id = :issueId")
                .param("issueId", issue.issueId())
                .query(String.class)
                .single();
    }

    private static List<String> transitions(JsonNode entries) {
        List<String> transitions = new ArrayList<>();
        entries.forEach(entry -> transitions.add(entry.get("lifecycleTransition").stringValue()));
        return transitions;
    }

    private static EventEnvelope withMetadata(EventEnvelope envelope, Map<String, String> extra) {
        Map<String, String> metadata = new LinkedHashMap<>(envelope.metadata());
        metadata.putAll(extra);
        return new EventEnvelope(envelope.eventId(), envelope.type(), envelope.version(), envelope.issueId(),
                envelope.sequence(), envelope.globalPosition(), envelope.occurredAt(), envelope.recordedAt(),
                envelope.actor(), metadata, envelope.payload());
    }
}
