package org.issueledger.command.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.issueledger.events.issue.*;
import org.issueledger.events.sla.SlaPolicy;
import org.junit.jupiter.api.Test;

/**
 * An imported case's steps in one command ({@link IssueCommands#importCase}): the same rules and the same events,
 * with each step's own metadata, as when every step is a command of its own.
 */
class IssueImportedCaseTest {

    private static final UUID ISSUE = UUID.fromString("00000000-0000-0000-0000-0000000000c1");
    private static final Instant T0 = Instant.parse("2026-02-02T08:00:00Z");
    private static final SlaPolicy POLICY = SlaPolicy.defaults();

    private static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** A P1 case whose SLA clocks warn, breach and escalate between its steps, so catch-up events fall inside steps. */
    private static List<IssueCommands.Step> breachingCase() {
        return List.of(
                step(0, new CreateIssue(ISSUE, "Core switch down", null, "network", "switch", Priority.P1, "net", "rita",
                        POLICY, at(0), "rita"), at(0)),
                step(1, new AssignOwner(ISSUE, "ana", at(30), "dispatcher"), at(70)),
                step(2, new StartWork(ISSUE, at(70), "ana"), at(300)),
                step(3, new ChangePriority(ISSUE, Priority.P2, at(300), "ana"), at(300)),
                step(4, new PutOnHold(ISSUE, "waiting for vendor", at(300), "ana"), at(400)),
                step(5, new Resume(ISSUE, at(400), "ana"), at(500)),
                step(6, new Escalate(ISSUE, 4, "vendor silent", at(500), "ana"), at(500)),
                step(7, new Resolve(ISSUE, "FIXED", "Replaced the line card", null, at(500), "ana"), at(600)),
                step(8, new Close(ISSUE, "DONE", null, at(600), "rita"), at(700)),
                step(9, new Reopen(ISSUE, "down again", at(700), "rita"), null));
    }

    private static IssueCommands.Step step(int n, Object command, Instant nextCommandAt) {
        Map<String, Object> metadata = new HashMap<>();
        metadata.put("commandId", "step-" + n);
        metadata.put("causationId", "step-" + n);
        metadata.put("actor", ((IssueCommand) command).actor());
        metadata.put("importedFrom", "case#" + n);
        return new IssueCommands.Step(command, metadata, nextCommandAt == null ? null : nextCommandAt.toString());
    }

    @Test
    void aCasesStepsInOneCommandApplyTheEventsOfTheStepsSentOneByOneEachWithItsStepsMetadata() {
        List<IssueCommands.Step> steps = breachingCase();
        List<Object> oneByOne = new ArrayList<>();
        List<Integer> stepOfEvent = new ArrayList<>();
        for (int n = 0; n < steps.size(); n++) {
            FixtureConfiguration<Issue> fixture = new AggregateTestFixture<>(Issue.class);
            Object[] before = steps.subList(0, n).stream().map(IssueCommands.Step::command).toArray();
            Capture events = new Capture();
            Map<String, Object> metadata = new HashMap<>();
            if (steps.get(n).nextCommandAt() != null) {
                metadata.put(IssueCommands.NEXT_COMMAND_AT, steps.get(n).nextCommandAt());
            }
            (n == 0 ? fixture.givenNoPriorActivity() : fixture.givenCommands(before))
                    .when(steps.get(n).command(), metadata)
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(events);
            for (EventMessage<?> event : events.value) {
                oneByOne.add(event.getPayload());
                stepOfEvent.add(n);
            }
        }

        Capture together = new Capture();
        new AggregateTestFixture<>(Issue.class).givenNoPriorActivity()
                .when(IssueCommands.importCase(ISSUE, steps))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(together)
                .expectNoScheduledDeadlines();

        assertThat(together.value.stream().map(EventMessage::getPayload).toList()).isEqualTo(oneByOne);
        assertThat(oneByOne).hasAtLeastOneElementOfType(SlaBreached.class).hasAtLeastOneElementOfType(SlaClockPaused.class)
                .hasAtLeastOneElementOfType(IssueReopened.class);
        for (int i = 0; i < together.value.size(); i++) {
            MetaData metadata = together.value.get(i).getMetaData();
            assertThat(metadata).as("event %d: %s", i, together.value.get(i).getPayload())
                    .containsAllEntriesOf(steps.get(stepOfEvent.get(i)).eventMetadata())
                    .doesNotContainKey(IssueCommands.NEXT_COMMAND_AT);
        }
    }

    @Test
    void slaDeadlinesAreScheduledByTheLastStepOnlyAsWhenEachStepIsSentAlone() {
        List<IssueCommands.Step> steps = List.of(
                step(0, new CreateIssue(ISSUE, "Printer jam", null, "printer", null, Priority.P3, "desk", "rita", POLICY,
                        at(0), "rita"), at(30)),
                step(1, new AssignOwner(ISSUE, "ana", at(30), "dispatcher"), at(70)),
                step(2, new StartWork(ISSUE, at(70), "ana"), at(80)),
                step(3, new PutOnHold(ISSUE, "waiting for toner", at(80), "ana"), at(90)),
                step(4, new Resume(ISSUE, at(90), "ana"), null));
        // P3: first response 24 h, resolution 72 h, 24/7; warning and escalation level 1 at 80 %, breach and level 2
        // at 100 %, level 3 at 200 %. The resolution clock was paused for 10 minutes.
        new AggregateTestFixture<>(Issue.class).givenNoPriorActivity()
                .when(IssueCommands.importCase(ISSUE, steps))
                .expectSuccessfulHandlerExecution()
                // one timer per issue, at the earliest threshold: the first-response clock's warning
                .expectScheduledDeadline(at(1152), new SlaDeadline(at(1152)))
                .expectNoScheduledDeadlineMatching(at(0), at(1151), org.hamcrest.Matchers.anything())
                .expectNoScheduledDeadlineMatching(at(1153), at(100_000), org.hamcrest.Matchers.anything());

        List<IssueCommands.Step> moreToCome = new ArrayList<>(steps.subList(0, 4));
        moreToCome.add(step(4, new Resume(ISSUE, at(90), "ana"), at(100)));
        new AggregateTestFixture<>(Issue.class).givenNoPriorActivity()
                .when(IssueCommands.importCase(ISSUE, moreToCome))
                .expectSuccessfulHandlerExecution()
                .expectNoScheduledDeadlines();
    }

    @Test
    void aCaseEndingWithAStepThatChangesNoClockStillSchedulesTheDeadlinesItsEarlierStepsPutOff() {
        // Created, assigned, work started: the last step changes no clock and, sent alone after a command that
        // scheduled, would schedule nothing; here the steps before it announced a next command and scheduled nothing.
        List<IssueCommands.Step> steps = List.of(
                step(0, new CreateIssue(ISSUE, "Printer jam", null, "printer", null, Priority.P3, "desk", "rita", POLICY,
                        at(0), "rita"), at(30)),
                step(1, new AssignOwner(ISSUE, "ana", at(30), "dispatcher"), at(70)),
                step(2, new StartWork(ISSUE, at(70), "ana"), null));
        // P3: first response 24 h, resolution 72 h, 24/7; thresholds at 80, 100 and 200 %.
        new AggregateTestFixture<>(Issue.class).givenNoPriorActivity()
                .when(IssueCommands.importCase(ISSUE, steps))
                .expectSuccessfulHandlerExecution()
                // one timer per issue, at the earliest threshold: the first-response clock's warning
                .expectScheduledDeadline(at(1152), new SlaDeadline(at(1152)))
                .expectNoScheduledDeadlineMatching(at(0), at(1151), org.hamcrest.Matchers.anything())
                .expectNoScheduledDeadlineMatching(at(1153), at(100_000), org.hamcrest.Matchers.anything());
    }

    @Test
    void stepsOnAnExistingIssueContinueFromItsHistory() {
        new AggregateTestFixture<>(Issue.class)
                .given(IssueHistories.historyFor(IssueStatus.ASSIGNED))
                .when(IssueCommands.importCase(IssueHistories.ISSUE, List.of(
                        new IssueCommands.Step(new StartWork(IssueHistories.ISSUE, IssueHistories.t(10), "ana"), Map.of(),
                                null),
                        new IssueCommands.Step(new AssignOwner(IssueHistories.ISSUE, "bo", IssueHistories.t(11), "ana"),
                                Map.of(), null))))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new WorkStarted(IssueHistories.ISSUE, IssueHistories.t(10), "ana"),
                        new OwnerAssigned(IssueHistories.ISSUE, "bo", "ana", 1, IssueHistories.t(11), "ana"));
    }

    @Test
    void aRefusedStepRefusesTheCaseNamingTheStepWithItsOwnReasonAndAppendsNothing() {
        List<IssueCommands.Step> steps = List.of(
                step(0, new CreateIssue(ISSUE, "Core switch down", null, "network", "switch", Priority.P1, "net", "rita",
                        POLICY, at(0), "rita"), at(0)),
                step(1, new AssignOwner(ISSUE, "ana", at(30), "dispatcher"), at(70)),
                // after the first-response breach at 60: the catch-up applies events before the refusal
                step(2, new Resume(ISSUE, at(70), "ana"), at(80)),
                step(3, new StartWork(ISSUE, at(80), "ana"), null));
        new AggregateTestFixture<>(Issue.class).givenNoPriorActivity()
                .when(IssueCommands.importCase(ISSUE, steps))
                .expectException(refusedAt(2, IllegalTransition.class))
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("Issue " + ISSUE + " is ASSIGNED: cannot resume"))
                .expectNoEvents();
    }

    @Test
    void aStepWhoseBusinessTimeGoesBackwardsIsRefusedAsOnItsOwn() {
        new AggregateTestFixture<>(Issue.class)
                .given(IssueHistories.historyFor(IssueStatus.ASSIGNED))
                .when(IssueCommands.importCase(IssueHistories.ISSUE, List.of(
                        new IssueCommands.Step(new StartWork(IssueHistories.ISSUE, IssueHistories.t(10), "ana"), Map.of(),
                                null),
                        new IssueCommands.Step(new PutOnHold(IssueHistories.ISSUE, "lunch", IssueHistories.t(9), "ana"),
                                Map.of(), null))))
                .expectException(refusedAt(1, OccurredAtOutOfOrder.class))
                .expectNoEvents();
    }

    @Test
    void stepsForAnIssueThatDoesNotExistAreRefusedAsItsCommandsWouldBe() {
        new AggregateTestFixture<>(Issue.class).givenNoPriorActivity()
                .when(IssueCommands.importCase(ISSUE, List.of(
                        new IssueCommands.Step(new AssignOwner(ISSUE, "ana", at(1), "dispatcher"), Map.of(), null))))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void creatingAnIssueThatExistsIsRefused() {
        new AggregateTestFixture<>(Issue.class)
                .given(IssueHistories.historyFor(IssueStatus.OPEN))
                .when(new ImportCaseSteps(IssueHistories.ISSUE, List.of(
                        new ImportStep(new AssignOwner(IssueHistories.ISSUE, "ana", IssueHistories.t(5), "dispatcher"),
                                MetaData.emptyInstance(), null),
                        new ImportStep(new CreateIssue(IssueHistories.ISSUE, "again", null, "email", null, Priority.P3,
                                "ops", "rita", null, IssueHistories.t(6), "rita"), MetaData.emptyInstance(), null))))
                .expectException(refusedAt(1, AggregateStreamCreationException.class))
                .expectNoEvents();
    }

    /** A step's refusal: its index, and the refusal it wraps. */
    private static BaseMatcher<Throwable> refusedAt(int step, Class<? extends Throwable> refusal) {
        return new BaseMatcher<>() {
            @Override
            public boolean matches(Object actual) {
                return actual instanceof Throwable failure && IssueCommands.refusedStep(failure) == step
                        && refusal.isInstance(failure.getCause());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("step " + step + " refused by " + refusal.getSimpleName());
            }
        };
    }

    /** Keeps the events a fixture saw, to compare two runs. */
    private static final class Capture extends BaseMatcher<List<EventMessage<?>>> {
        List<EventMessage<?>> value = List.of();

        @Override
        @SuppressWarnings("unchecked")
        public boolean matches(Object actual) {
            value = List.copyOf((List<EventMessage<?>>) actual);
            return true;
        }

        @Override
        public void describeTo(Description description) {
            description.appendText("any events");
        }
    }
}
