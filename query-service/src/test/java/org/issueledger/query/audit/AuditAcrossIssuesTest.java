package org.issueledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.issue.WorkStarted;
import org.issueledger.query.IssueTimeline;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/audit}: entries across issues. Every test acts under actors of its own, so the entries of other
 * tests in the shared database never match its filters.
 */
class AuditAcrossIssuesTest extends AuditTestSupport {

    private static final Instant T0 = Instant.parse("2027-03-01T08:00:00Z");

    private final String ana = "ana-" + UUID.randomUUID();
    private final String bo = "bo-" + UUID.randomUUID();

    @Test
    void filtersByActorTypeAndBusinessTime() {
        IssueTimeline first = new IssueTimeline();
        IssueTimeline second = new IssueTimeline();
        EventEnvelope firstCreated = apply(created(first, T0, ana));
        EventEnvelope secondCreated = apply(created(second, T0.plus(Duration.ofMinutes(30)), ana));
        EventEnvelope firstAssigned = apply(assigned(first, T0.plus(Duration.ofHours(1)), ana));
        apply(first.next(new WorkStarted(first.issueId(), T0.plus(Duration.ofHours(2)), bo)));
        apply(assigned(second, T0.plus(Duration.ofHours(3)), bo));

        assertThat(eventIds("/api/audit?actor={actor}", ana))
                .containsExactly(firstCreated.eventId(), secondCreated.eventId(), firstAssigned.eventId());
        assertThat(eventIds("/api/audit?actor={actor}&type=OwnerAssigned", ana))
                .containsExactly(firstAssigned.eventId());
        // from inclusive, to exclusive, both on occurredAt
        assertThat(eventIds("/api/audit?actor={actor}&from={from}&to={to}", ana, T0.plus(Duration.ofMinutes(30)),
                T0.plus(Duration.ofHours(1)))).containsExactly(secondCreated.eventId());
        assertThat(eventIds("/api/audit?actor={actor}&from=2027-03-01&to=2027-03-02", ana)).hasSize(3);
        assertThat(eventIds("/api/audit?actor={actor}&from=2027-03-02", ana)).isEmpty();

        JsonNode entry = get("/api/audit?actor={actor}&type=OwnerAssigned", ana).get("items").get(0);
        assertThat(entry.get("issueId").stringValue()).isEqualTo(first.issueId().toString());
        assertThat(entry.get("occurredAt").stringValue()).isEqualTo(T0.plus(Duration.ofHours(1)).toString());
        assertThat(changes(entry)).containsEntry("owner", change(null, ana));
    }

    @Test
    void pagesFollowBusinessTimeThenIssueThenSequenceAndNeitherOverlapNorSkip() {
        List<EventEnvelope> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            IssueTimeline issue = new IssueTimeline();
            // One instant for all: only the issue and sequence tell the entries apart.
            all.add(apply(created(issue, T0, ana)));
            all.add(apply(assigned(issue, T0, ana)));
        }
        // As PostgreSQL orders uuids: byte by byte, which is their text's order (UUID.compareTo is signed).
        all.sort(Comparator.comparing((EventEnvelope e) -> e.issueId().toString())
                .thenComparingLong(EventEnvelope::sequence));

        List<UUID> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode answer = get("/api/audit?actor={actor}&size=4&page={page}", ana, page);
            assertThat(answer.get("totalItems").longValue()).isEqualTo(6);
            assertThat(answer.get("totalItemsExact").booleanValue()).isTrue();
            assertThat(answer.get("totalPages").longValue()).isEqualTo(2);
            answer.get("items").forEach(item -> paged.add(UUID.fromString(item.get("eventId").stringValue())));
        }

        assertThat(paged).containsExactlyElementsOf(all.stream().map(EventEnvelope::eventId).toList());
    }

    @Test
    void csvAnswerHasOneRecordPerEntryInTheSharedColumns() {
        IssueTimeline issue = new IssueTimeline();
        apply(created(issue, T0, ana));
        apply(assigned(issue, T0.plus(Duration.ofMinutes(1)), ana));

        List<List<String>> records = CsvReader.all(csv("/api/audit?actor={actor}", ana));

        assertThat(records.get(0)).isEqualTo(AuditEntry.CSV_HEADER);
        assertThat(records).hasSize(3);
        List<String> assignment = records.get(2);
        assertThat(column(assignment, "issueId")).isEqualTo(issue.issueId().toString());
        assertThat(column(assignment, "type")).isEqualTo("OwnerAssigned");
        assertThat(column(assignment, "actor")).isEqualTo(ana);
        assertThat(column(assignment, "team")).isEqualTo("ops");
        assertThat(column(assignment, "lifecycleTransition")).isEqualTo("assign");
        assertThat(column(assignment, "changes")).contains("{\"field\":\"owner\",\"before\":null,\"after\":\"" + ana);
    }

    @Test
    void anIssuesTrailComesAsCsvToo() {
        IssueTimeline issue = new IssueTimeline();
        apply(issue.created());
        apply(issue.assigned("bo", null, 0));
        apply(issue.resolved());

        List<List<String>> records = CsvReader.all(csv("/api/audit/issues/{id}", issue.issueId()));

        assertThat(records).hasSize(4);
        assertThat(records.stream().skip(1).map(record -> column(record, "sequence")))
                .containsExactly("0", "1", "2");
    }

    @Test
    void badParametersAreAnswered400NamingTheParameter() {
        assertBadParameter("/api/audit?size=0", "size");
        assertBadParameter("/api/audit?size=" + (AuditQuery.MAX_SIZE + 1), "size");
        assertBadParameter("/api/audit?size=many", "size");
        assertBadParameter("/api/audit?page=-1", "page");
        assertBadParameter("/api/audit?page=100&size=100", "page");
        assertBadParameter("/api/audit?from=yesterday", "from");
        assertBadParameter("/api/audit?to=2027-13-01", "to");
        assertBadParameter("/api/audit?from=2027-03-02&to=2027-03-01", "to");
        assertBadParameter("/api/audit?type=OwnerChanged", "type");
        assertBadParameter("/api/audit?type=OwnerChanged&format=csv", "type");
        assertBadParameter("/api/audit?format=xml", "format");
    }

    private List<UUID> eventIds(String uri, Object... variables) {
        List<UUID> ids = new ArrayList<>();
        get(uri, variables).get("items").forEach(item -> ids.add(UUID.fromString(item.get("eventId").stringValue())));
        return ids;
    }

    private static String column(List<String> record, String name) {
        return record.get(AuditEntry.CSV_HEADER.indexOf(name));
    }

    private static EventEnvelope created(IssueTimeline issue, Instant at, String actor) {
        return issue.next(new IssueCreated(issue.issueId(), "Printer on fire", "smoke", "hardware", null, Priority.P1,
                "ops", "helpdesk", at, actor));
    }

    private static EventEnvelope assigned(IssueTimeline issue, Instant at, String owner) {
        return issue.next(new OwnerAssigned(issue.issueId(), owner, null, 0, at, owner));
    }
}
