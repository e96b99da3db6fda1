package org.issueledger.command.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.issue.IssueHistories.ISSUE;
import static org.issueledger.command.issue.IssueHistories.created;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.issueledger.events.issue.*;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: whatever sequence of commands arrives — legal or not, in or out of time order — the
 * stream of accepted events keeps the issue's invariants. Each run is a seeded random sequence; a
 * failing seed is in the test's name and reproduces the run exactly. (jqwik would do the generating,
 * but it does not run on the JUnit 6 platform that Spring Boot 4 brings.)
 */
class IssueInvariantsPropertyTest {

    private static final String[] PEOPLE = {"ana", "bo", "cy", "rita"};
    private static final int STEPS = 40;

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomCommandSequencesNeverBreakTheInvariants(long seed) {
        Random random = new Random(seed);
        FixtureConfiguration<Issue> fixture = new AggregateTestFixture<>(Issue.class);
        List<Object> history = new ArrayList<>(List.of(created()));
        Model model = new Model();
        model.apply(created());

        for (int step = 0; step < STEPS; step++) {
            Verb verb = Verb.values()[random.nextInt(Verb.values().length)];
            IssueCommand command = randomCommand(verb, random, model.lastOccurredAt);
            List<Object> appended = new ArrayList<>();
            boolean accepted = run(fixture, history, command, appended);

            String context = "seed " + seed + ", step " + step + ": " + command + " in " + model.status;
            if (!verb.allowedIn(model.status)) {
                assertThat(accepted).as("illegal transition accepted, " + context).isFalse();
            }
            if (command.occurredAt().isBefore(model.lastOccurredAt)) {
                assertThat(accepted).as("business time went backwards, " + context).isFalse();
            }
            if (!accepted) {
                continue;
            }
            assertThat(appended).as(context).hasSize(1);
            IssueEvent event = (IssueEvent) appended.get(0);
            assertThat(event).as(context).isInstanceOf(IssueHistories.eventFor(verb) == ResolutionAccepted.class
                    && command instanceof VerifyResolution v && !v.accepted() ? ResolutionRejected.class
                    : IssueHistories.eventFor(verb));
            int reopensBefore = model.reopenCount;
            int reassignmentsBefore = model.reassignments;
            String ownerBefore = model.owner;
            model.apply(event);
            history.add(event);

            assertThat(model.owner == null || !model.coHandlers.contains(model.owner))
                    .as("owner is also co-handler, " + context).isTrue();
            if (event instanceof IssueReopened || event instanceof ResolutionRejected) {
                assertThat(model.reopenCount).as("reopens are counted one by one, " + context).isEqualTo(reopensBefore + 1);
            }
            if (event instanceof OwnerAssigned assigned) {
                assertThat(assigned.previousOwner()).as(context).isEqualTo(ownerBefore);
                assertThat(model.reassignments).as(context)
                        .isEqualTo(ownerBefore == null ? reassignmentsBefore : reassignmentsBefore + 1);
            }
        }
        assertThat(history).extracting(e -> ((IssueEvent) e).occurredAt()).isSortedAccordingTo(Instant::compareTo);
    }

    /** Runs one command on the history; collects what it appended; true when accepted. */
    private static boolean run(FixtureConfiguration<Issue> fixture, List<Object> history, IssueCommand command,
                               List<Object> appended) {
        var result = fixture.given(history).when(command);
        try {
            result.expectSuccessfulHandlerExecution();
        } catch (AssertionError refused) {
            result.expectException(CommandRefused.class).expectNoEvents();
            return false;
        }
        result.expectEventsMatching(new BaseMatcher<List<? super org.axonframework.eventhandling.EventMessage<?>>>() {
            @Override
            public boolean matches(Object actual) {
                ((List<?>) actual).forEach(message -> appended.add(
                        ((org.axonframework.eventhandling.EventMessage<?>) message).getPayload()));
                return true;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("any events");
            }
        });
        return true;
    }

    private static IssueCommand randomCommand(Verb verb, Random random, Instant last) {
        // Mostly forward in time, sometimes backwards: the aggregate must refuse those.
        Instant at = last.plusSeconds(60L * (random.nextInt(70) - 5));
        String actor = pick(random, PEOPLE);
        String person = pick(random, "ana", "bo", "cy");
        return switch (verb) {
            case ASSIGN -> new AssignOwner(ISSUE, person, at, actor);
            case ASSIGN_TEAM -> new AssignTeam(ISSUE, pick(random, "ops", "network"), null, at, actor);
            case ADD_CO_HANDLER -> new AddCoHandler(ISSUE, person, at, actor);
            case REMOVE_CO_HANDLER -> new RemoveCoHandler(ISSUE, person, at, actor);
            case ACKNOWLEDGE -> new AcknowledgeIssue(ISSUE, at, actor);
            case START -> new StartWork(ISSUE, at, actor);
            case COMMENT -> new AddComment(ISSUE, "note", random.nextBoolean(), at, actor);
            case CHANGE_PRIORITY -> new ChangePriority(ISSUE, Priority.values()[random.nextInt(4)], at, actor);
            case RECLASSIFY -> new Reclassify(ISSUE, pick(random, "email", "network"), pick(random, "smtp", "dns"), at, actor);
            case HOLD -> new PutOnHold(ISSUE, "waiting", at, actor);
            case RESUME -> new Resume(ISSUE, at, actor);
            case ESCALATE -> new Escalate(ISSUE, random.nextBoolean() ? null : 1 + random.nextInt(4), "why", at, actor);
            case RESOLVE -> new Resolve(ISSUE, "FIXED", "summary", null, at, actor);
            case VERIFY -> new VerifyResolution(ISSUE, random.nextBoolean(), "note", at, actor);
            case CLOSE -> new Close(ISSUE, "DONE", random.nextBoolean() ? null : 1 + random.nextInt(5), at, actor);
            case REOPEN -> new Reopen(ISSUE, "again", at, actor);
            case CANCEL -> {
                CancelReason reason = CancelReason.values()[random.nextInt(3)];
                UUID duplicateOf = reason == CancelReason.DUPLICATE && random.nextBoolean() ? UUID.randomUUID() : null;
                yield new Cancel(ISSUE, reason, duplicateOf, null, at, actor);
            }
        };
    }

    private static String pick(Random random, String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** Just enough of the issue, folded from the accepted events, to state the invariants. */
    private static final class Model {
        IssueStatus status;
        String owner;
        final Set<String> coHandlers = new LinkedHashSet<>();
        int reopenCount;
        int reassignments;
        Instant lastOccurredAt;

        void apply(IssueEvent event) {
            lastOccurredAt = event.occurredAt();
            if (event instanceof IssueCreated) {
                status = IssueStatus.OPEN;
            } else if (event instanceof OwnerAssigned e) {
                owner = e.owner();
                reassignments = e.reassignments();
                coHandlers.remove(e.owner());
                status = status == IssueStatus.OPEN ? IssueStatus.ASSIGNED : status;
            } else if (event instanceof CoHandlerAdded e) {
                coHandlers.add(e.coHandler());
            } else if (event instanceof CoHandlerRemoved e) {
                coHandlers.remove(e.coHandler());
            } else if (event instanceof WorkStarted || event instanceof IssueResumed) {
                status = IssueStatus.IN_PROGRESS;
            } else if (event instanceof IssuePutOnHold) {
                status = IssueStatus.ON_HOLD;
            } else if (event instanceof IssueResolved) {
                status = IssueStatus.RESOLVED;
            } else if (event instanceof ResolutionRejected e) {
                status = IssueStatus.IN_PROGRESS;
                reopenCount = e.reopenCount();
            } else if (event instanceof IssueReopened e) {
                status = IssueStatus.IN_PROGRESS;
                reopenCount = e.reopenCount();
            } else if (event instanceof IssueClosed) {
                status = IssueStatus.CLOSED;
            } else if (event instanceof IssueCancelled) {
                status = IssueStatus.CANCELLED;
            }
        }
    }
}
