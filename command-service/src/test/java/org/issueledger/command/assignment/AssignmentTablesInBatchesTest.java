package org.issueledger.command.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.issueledger.command.CommandServiceTestSupport;
import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.IssueCancelled;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueReclassified;
import org.issueledger.events.issue.IssueReopened;
import org.issueledger.events.issue.IssueResolved;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.issue.PriorityChanged;
import org.issueledger.events.issue.ResolutionRejected;
import org.issueledger.events.issue.TeamAssigned;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The rule processor's tables when its events come in batches, on the real PostgreSQL: the processor's handlers are
 * driven in Axon's batching unit of work with the processor's transaction manager, as its tracking processor drives
 * them, with events that are not in the store (imported ones, and live ones no rule matches: nothing is sent).
 */
@SpringBootTest(properties = "issueledger.assignment.unassigned-escalate-after=0")
class AssignmentTablesInBatchesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "commands_assignment_batches");
    }

    @Autowired
    AssignmentProcessor processor;

    @Autowired
    TransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    /** Owner names of this test only. */
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aBatchLeavesTheTablesAsItsEventsHandledOneByOneWould() {
        for (int seed = 1; seed <= 6; seed++) {
            Random random = new Random(seed);
            History history = history(random, seed);

            history.setUp(jdbc);
            for (EventMessage<?> event : history.events) {
                assertThat(handle(List.of(event)).isExceptional()).isFalse();
            }
            Tables oneByOne = history.tables(jdbc);
            history.clear(jdbc);

            history.setUp(jdbc);
            assertThat(handle(history.events).isExceptional()).isFalse();
            assertThat(history.tables(jdbc)).as("seed %d, one batch", seed).isEqualTo(oneByOne);
            history.clear(jdbc);

            history.setUp(jdbc);
            for (List<EventMessage<?>> batch : randomBatches(history.events, random)) {
                assertThat(handle(batch).isExceptional()).isFalse();
            }
            assertThat(history.tables(jdbc)).as("seed %d, batches of random sizes", seed).isEqualTo(oneByOne);
            history.clear(jdbc);

            assertThat(oneByOne.issues()).as("seed %d made rows", seed).hasSizeGreaterThan(10);
        }
    }

    @Test
    void eventsOfSeveralIssuesInOneBatchMoveTheirOwnersLoadsOnceEach() {
        String ana = "ana-" + tag;
        String bo = "bo-" + tag;
        String cy = "cy-" + tag;
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        UUID rule = UUID.randomUUID();
        // An issue the tables knew before, open and owned by cy, whose load row says 0 (as after an old reset).
        jdbc.update("""
                insert into assignment_issue (issue_id, title, priority, owner, open, created_at, imported)
                values (?, 'known before', 'P3', ?, true, now(), true)""", c, cy);
        jdbc.update("insert into assignment_owner_load (owner, open_issues) values (?, 0)", cy);

        Events events = new Events();
        events.add(created(a, "A", true), MetaData.with("importedFrom", "crm.csv"));
        events.add(created(b, "B", false), MetaData.with(EventEnvelope.META_SOURCE_SYSTEM, "monitoring"));
        events.add(new OwnerAssigned(a, ana, null, 0, T0, "dispatcher", null));
        events.add(new OwnerAssigned(b, ana, null, 0, T0, "system:rules", rule));
        events.add(new TeamAssigned(a, "network", "ops", null, T0, "dispatcher"));
        events.add(new PriorityChanged(a, Priority.P1, Priority.P3, T0, "dispatcher"));
        events.add(resolved(a));
        events.add(created(b, "B again, redelivered", false));
        events.add(new IssueReopened(a, "back", 1, T0, "rita"));
        events.add(new OwnerAssigned(a, bo, ana, 1, T0, "dispatcher", null));
        events.add(new IssueCancelled(b, CancelReason.FALSE_REPORT, null, "spam", T0, "rita"));
        events.add(resolved(c));
        events.add(new IssueReopened(c, "back", 1, T0, "rita"));
        events.add(new OwnerAssigned(unknown, ana, null, 0, T0, "dispatcher", null));
        events.add(new IssueReclassified(unknown, "x", "y", null, null, T0, "dispatcher"));

        assertThat(handle(events.messages).isExceptional()).isFalse();

        Map<String, Integer> loads = loads(List.of(ana, bo, cy));
        // ana: a +1, resolved −1, reopened +1, handed to bo −1; b +1, cancelled −1. cy: −1 stops at 0, then +1.
        assertThat(loads).containsExactlyInAnyOrderEntriesOf(Map.of(ana, 0, bo, 1, cy, 1));
        Map<String, Object> rowA = jdbc.queryForMap("select * from assignment_issue where issue_id = ?", a);
        assertThat(rowA).containsEntry("owner", bo).containsEntry("team", "network").containsEntry("priority", "P1")
                .containsEntry("open", true).containsEntry("imported", true).containsEntry("owner_rule_id", null);
        Map<String, Object> rowB = jdbc.queryForMap("select * from assignment_issue where issue_id = ?", b);
        assertThat(rowB).containsEntry("title", "B").containsEntry("owner", ana).containsEntry("owner_rule_id", rule)
                .containsEntry("open", false).containsEntry("imported", false)
                .containsEntry("source_system", "monitoring");
        assertThat(jdbc.queryForObject("select count(*) from assignment_issue where issue_id = ?", Long.class,
                unknown)).isZero();
    }

    @Test
    void anIssueCreatedAtAnyInstantPostgreSqlHoldsIsWrittenToTheMicrosecond() {
        Map<UUID, Instant> created = new LinkedHashMap<>();
        created.put(UUID.randomUUID(), Instant.parse("2026-03-02T08:00:00.123456Z"));
        created.put(UUID.randomUUID(), Instant.parse("2026-03-02T08:00:00.123456500Z")); // rounded up
        created.put(UUID.randomUUID(), Instant.parse("+12026-03-02T08:00:00Z"));
        created.put(UUID.randomUUID(), Instant.parse("-0049-03-02T08:00:00Z"));
        created.put(UUID.randomUUID(), Instant.parse("1969-12-31T23:59:59.999999Z"));
        Events events = new Events();
        created.forEach((issue, at) -> events.add(new IssueCreated(issue, "Old", null, null, null, Priority.P4, null,
                "rita", at, "rita"), MetaData.with("importedFrom", "old.csv")));

        assertThat(handle(events.messages).isExceptional()).isFalse();

        List<Long> expected = List.of(1772438400123456L, 1772438400123457L, 317341958400000000L,
                -63708307200000000L, -1L);
        List<Long> stored = new ArrayList<>();
        for (UUID issue : created.keySet()) {
            stored.add(jdbc.queryForObject("select (extract(epoch from created_at) * 1000000)::bigint"
                    + " from assignment_issue where issue_id = ?", Long.class, issue));
        }
        assertThat(stored).containsExactlyElementsOf(expected);
    }

    @Test
    void aBatchRolledBackAtItsCommitWritesNothing() {
        String ana = "ana-" + tag;
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Events events = new Events();
        events.add(created(a, "A", true), MetaData.with("importedFrom", "crm.csv"));
        events.add(created(b, "B", true), MetaData.with("importedFrom", "crm.csv"));
        events.add(new OwnerAssigned(a, ana, null, 0, T0, "dispatcher", null));
        events.add(new OwnerAssigned(b, ana, null, 0, T0, "dispatcher", null));

        AtomicBoolean writtenBeforeTheFailure = new AtomicBoolean();
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events.messages);
        batch.attachTransaction(transactions);
        ResultMessage<Object> result = batch.executeWithResult(() -> {
            Object handled = new AnnotationEventHandlerAdapter(processor).handle(batch.getMessage());
            if (batch.isLastMessage()) {
                // Registered after the processor's own (at the first event): runs after its write, as the token's
                // update does, and fails as a lost claim would.
                batch.onPrepareCommit(committing -> {
                    writtenBeforeTheFailure.set(loads(List.of(ana)).getOrDefault(ana, 0) == 2);
                    throw new IllegalStateException("the token's update failed");
                });
            }
            return handled;
        }, RollbackConfigurationType.ANY_THROWABLE);

        assertThat(result.isExceptional()).isTrue();
        assertThat(writtenBeforeTheFailure).as("the batch had written in its transaction").isTrue();
        assertThat(loads(List.of(ana))).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from assignment_issue where issue_id in (?, ?)", Long.class,
                a, b)).isZero();
    }

    @Test
    void resolvingReopeningAndCancellingNeverReadThePayload() {
        String ana = "ana-" + tag;
        UUID a = UUID.randomUUID();
        Events events = new Events();
        events.add(created(a, "A", true), MetaData.with("importedFrom", "crm.csv"));
        events.add(new OwnerAssigned(a, ana, null, 0, T0, "dispatcher", null));
        events.unread(resolved(a));
        events.unread(new IssueReopened(a, "back", 1, T0, "rita"));
        events.unread(new ResolutionRejected(a, "not fixed", 1, T0, "rita"));
        events.unread(new IssueCancelled(a, CancelReason.INVALID, null, null, T0, "rita"));

        assertThat(handle(events.messages).isExceptional()).isFalse();
        assertThat(loads(List.of(ana))).containsEntry(ana, 0);
        assertThat(jdbc.queryForObject("select open from assignment_issue where issue_id = ?", Boolean.class, a))
                .isFalse();
    }

    // ---- driving the processor ----------------------------------------------------------------------------

    /** One batch of the processor, in its transaction; the result says whether it committed. */
    private ResultMessage<Object> handle(List<EventMessage<?>> events) {
        AnnotationEventHandlerAdapter handlers = new AnnotationEventHandlerAdapter(processor);
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(events);
        batch.attachTransaction(transactions);
        return batch.executeWithResult(() -> handlers.handle(batch.getMessage()),
                RollbackConfigurationType.ANY_THROWABLE);
    }

    private Map<String, Integer> loads(List<String> owners) {
        Map<String, Integer> loads = new TreeMap<>();
        jdbc.query("select owner, open_issues from assignment_owner_load where owner = any (?)",
                rs -> {
                    loads.put(rs.getString(1), rs.getInt(2));
                },
                (Object) owners.toArray(String[]::new));
        return loads;
    }

    private static IssueCreated created(UUID issue, String title, boolean withDescription) {
        return new IssueCreated(issue, title, withDescription ? "it is down" : null, "mail", "smtp", Priority.P3,
                "ops", "rita", T0, "rita");
    }

    private static IssueResolved resolved(UUID issue) {
        return new IssueResolved(issue, "FIXED", "done", "KB-1", T0, "ana");
    }

    /** Events as the store gives them: the issue's aggregate, its sequence, the metadata. */
    private static final class Events {
        final List<EventMessage<?>> messages = new ArrayList<>();
        private final Map<UUID, Long> sequences = new LinkedHashMap<>();

        void add(org.issueledger.events.issue.IssueEvent event) {
            add(event, MetaData.emptyInstance());
        }

        void add(org.issueledger.events.issue.IssueEvent event, MetaData metaData) {
            messages.add(new GenericDomainEventMessage<>("Issue", event.issueId().toString(), next(event),
                    event, metaData));
        }

        /** An event whose payload must not be read (as if deserialising it were expensive). */
        void unread(org.issueledger.events.issue.IssueEvent event) {
            messages.add(new GenericDomainEventMessage<Object>("Issue", event.issueId().toString(), next(event),
                    event, MetaData.emptyInstance()) {
                @Override
                public Object getPayload() {
                    throw new AssertionError("payload of " + event.getClass().getSimpleName() + " read");
                }
            });
        }

        private long next(org.issueledger.events.issue.IssueEvent event) {
            return sequences.merge(event.issueId(), 1L, Long::sum) - 1;
        }
    }

    // ---- random histories ----------------------------------------------------------------------------------

    record Tables(Map<UUID, Map<String, Object>> issues, Map<String, Integer> loads) {
    }

    /** Issues (some known to the tables before, one never created), owners, and their events interleaved. */
    private final class History {
        final List<UUID> issues = new ArrayList<>();
        final List<String> owners = new ArrayList<>();
        final List<UUID> knownBefore = new ArrayList<>();
        final List<EventMessage<?>> events;

        History(List<EventMessage<?>> events) {
            this.events = events;
        }

        void setUp(JdbcTemplate jdbc) {
            for (int i = 0; i < knownBefore.size(); i++) {
                jdbc.update("""
                        insert into assignment_issue (issue_id, title, priority, owner, open, created_at, imported)
                        values (?, 'known before', 'P2', ?, true, ?, false)""", knownBefore.get(i), owners.get(i),
                        Timestamp.from(T0));
                jdbc.update("insert into assignment_owner_load (owner, open_issues) values (?, ?)", owners.get(i), i);
            }
        }

        Tables tables(JdbcTemplate jdbc) {
            Map<UUID, Map<String, Object>> rows = new TreeMap<>();
            jdbc.queryForList("select * from assignment_issue where issue_id = any (?)",
                    (Object) issues.toArray(UUID[]::new))
                    .forEach(row -> rows.put((UUID) row.get("issue_id"), row));
            return new Tables(rows, loads(owners));
        }

        void clear(JdbcTemplate jdbc) {
            jdbc.update("delete from assignment_issue where issue_id = any (?)", (Object) issues.toArray(UUID[]::new));
            jdbc.update("delete from assignment_owner_load where owner = any (?)",
                    (Object) owners.toArray(String[]::new));
        }
    }

    private History history(Random random, int seed) {
        Events events = new Events();
        History history = new History(events.messages);
        for (int i = 0; i < 5; i++) {
            history.owners.add("owner" + i + "-" + seed + "-" + tag);
        }
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            UUID issue = UUID.randomUUID();
            history.issues.add(issue);
            if (i < 2) {
                history.knownBefore.add(issue);
            } else if (i < 13) {
                created.add(issue); // the last one is never created: its events change nothing
            }
        }
        List<UUID> live = new ArrayList<>(history.knownBefore);
        for (int n = 0; n < 120; n++) {
            int pick = random.nextInt(10);
            if (!created.isEmpty() && (live.isEmpty() || pick < 2)) {
                UUID issue = created.remove(0);
                boolean imported = random.nextBoolean();
                events.add(created(issue, "Issue " + n, random.nextBoolean()), imported
                        ? MetaData.with("importedFrom", "x.csv").and(EventEnvelope.META_SOURCE_SYSTEM, "crm")
                        : MetaData.with(EventEnvelope.META_SOURCE_SYSTEM, "monitoring"));
                live.add(issue);
                continue;
            }
            UUID issue = random.nextInt(20) == 0 ? history.issues.get(13) : live.get(random.nextInt(live.size()));
            String owner = history.owners.get(random.nextInt(history.owners.size()));
            Instant at = T0.plus(n, ChronoUnit.MINUTES);
            int kind = random.nextInt(10);
            if (kind == 9 && !live.contains(issue)) {
                kind = 0; // the issue never created stays so
            }
            switch (kind) {
                case 0, 1, 2 -> events.add(new OwnerAssigned(issue, owner, null, 0, at, "dispatcher",
                        random.nextBoolean() ? UUID.randomUUID() : null));
                case 3 -> events.add(new TeamAssigned(issue, "team" + random.nextInt(3), null, null, at, "x"));
                case 4 -> events.add(new PriorityChanged(issue, Priority.values()[random.nextInt(4)], null, at, "x"));
                case 5 -> events.add(new IssueReclassified(issue, "cat" + random.nextInt(3), null, null, null, at, "x"));
                case 6 -> events.add(resolved(issue));
                case 7 -> events.add(new IssueReopened(issue, "again", 1, at, "x"));
                case 8 -> events.add(random.nextBoolean() ? new ResolutionRejected(issue, "no", 1, at, "x")
                        : new IssueCancelled(issue, CancelReason.DUPLICATE, null, null, at, "x"));
                default -> events.add(created(issue, "redelivered " + n, false)); // keeps the row there is
            }
        }
        return history;
    }

    private static List<List<EventMessage<?>>> randomBatches(List<EventMessage<?>> events, Random random) {
        List<List<EventMessage<?>>> batches = new ArrayList<>();
        for (int from = 0; from < events.size(); ) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(30));
            batches.add(events.subList(from, to));
            from = to;
        }
        return batches;
    }
}
