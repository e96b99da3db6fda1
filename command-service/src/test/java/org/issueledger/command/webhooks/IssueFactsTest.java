package org.issueledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.*;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import org.junit.jupiter.api.Test;

/** The per-issue facts behind filters and reminders, over a history holding every kind of issue event. */
class IssueFactsTest {

    private static final UUID ISSUE = UUID.fromString("00000000-0000-0000-0000-0000000000f5");
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration H4 = Duration.ofHours(4);
    private static final ClockKind FR = ClockKind.FIRST_RESPONSE;

    /** The store's mapper as AxonConfig builds it (InstantJsonTest: the same bytes). */
    static final ObjectMapper STORE = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final List<IssueEvent> folded = new ArrayList<>();
    private IssueFacts facts;

    @Test
    void factsFollowTeamPriorityOwnerAndStateAndOnlyPeopleCountAsUpdates() throws Exception {
        fold(new IssueCreated(ISSUE, "Mail down", null, "email", "smtp", Priority.P3, "ops", "rita", t(0), "rita"), 0);
        assertThat(facts).isEqualTo(new IssueFacts(ISSUE, "ops", Priority.P3, null, IssueStatus.OPEN, 0, t(0)));

        fold(new SlaPolicyAttached(ISSUE, SlaPolicy.defaults(), t(0), "system:sla"), 1);
        fold(new SlaClockStarted(ISSUE, FR, 1, H4, t(190), t(240), t(0), "system:sla"), 2);
        fold(new OwnerAssigned(ISSUE, "ana", null, 0, t(1), "dispatcher"), 3);
        assertThat(facts.owner()).isEqualTo("ana");
        assertThat(facts.status()).isEqualTo(IssueStatus.ASSIGNED);
        assertThat(facts.lastUpdateAt()).isEqualTo(t(3));

        // The SLA clock's own events and escalations are not progress: the last update stays.
        fold(new SlaWarningReached(ISSUE, FR, 1, H4, t(240), t(192), "system:sla"), 4);
        fold(new IssueEscalated(ISSUE, 1, 0, "SLA warning", t(192), "system:sla"), 5);
        fold(new SlaBreached(ISSUE, FR, 1, H4, t(240), t(240), "system:sla"), 6);
        assertThat(facts.lastUpdateAt()).isEqualTo(t(3));
        assertThat(facts.lastSequence()).isEqualTo(6);

        fold(new CoHandlerAdded(ISSUE, "cy", t(241), "ana"), 7);
        fold(new CoHandlerRemoved(ISSUE, "cy", t(242), "ana"), 8);
        fold(new IssueAcknowledged(ISSUE, t(243), "ana"), 9);
        fold(new SlaClockStopped(ISSUE, FR, 1, H4, Duration.ofMinutes(243), t(240), false, t(243), "system:sla"), 10);
        assertThat(facts.lastUpdateAt()).isEqualTo(t(9));
        fold(new WorkStarted(ISSUE, t(244), "ana"), 11);
        assertThat(facts.status()).isEqualTo(IssueStatus.IN_PROGRESS);
        fold(new CommentAdded(ISSUE, "Looking", false, false, t(245), "ana"), 12);
        fold(new PriorityChanged(ISSUE, Priority.P1, Priority.P3, t(246), "ana"), 13);
        assertThat(facts.priority()).isEqualTo(Priority.P1);
        fold(new IssueReclassified(ISSUE, "network", "dns", "email", "smtp", t(247), "ana"), 14);
        fold(new IssuePutOnHold(ISSUE, "vendor", t(248), "ana"), 15);
        fold(new SlaClockPaused(ISSUE, ClockKind.RESOLUTION, 1, "vendor", Duration.ofMinutes(9), t(1400), t(248), "system:sla"), 16);
        assertThat(facts.status()).isEqualTo(IssueStatus.ON_HOLD);
        fold(new IssueResumed(ISSUE, t(250), "ana"), 17);
        fold(new SlaClockResumed(ISSUE, ClockKind.RESOLUTION, 1, H4, Duration.ofMinutes(7), t(1100), t(1400), t(250), "system:sla"), 18);
        assertThat(facts.status()).isEqualTo(IssueStatus.IN_PROGRESS);
        fold(new OwnerAssigned(ISSUE, "bo", "ana", 1, t(251), "dispatcher"), 19);
        assertThat(facts.owner()).isEqualTo("bo");
        assertThat(facts.status()).as("a reassignment keeps the state").isEqualTo(IssueStatus.IN_PROGRESS);
        fold(new IssueResolved(ISSUE, "FIXED", "Flushed", "KB-1", t(252), "bo"), 20);
        assertThat(facts.status()).isEqualTo(IssueStatus.RESOLVED);
        fold(new ResolutionRejected(ISSUE, "still down", 1, t(253), "rita"), 21);
        assertThat(facts.status()).isEqualTo(IssueStatus.IN_PROGRESS);
        fold(new IssueResolved(ISSUE, "FIXED", "Really", "KB-1", t(254), "bo"), 22);
        fold(new ResolutionAccepted(ISSUE, "works", t(255), "rita"), 23);
        assertThat(facts.status()).isEqualTo(IssueStatus.RESOLVED);
        fold(new IssueClosed(ISSUE, "DONE", 4, t(256), "rita"), 24);
        assertThat(facts.status()).isEqualTo(IssueStatus.CLOSED);
        fold(new IssueReopened(ISSUE, "back again", 2, t(257), "rita"), 25);
        assertThat(facts.status()).isEqualTo(IssueStatus.IN_PROGRESS);
        fold(new IssueCancelled(ISSUE, CancelReason.INVALID, null, "not ours", t(258), "rita"), 26);
        assertThat(facts).isEqualTo(new IssueFacts(ISSUE, "ops", Priority.P1, "bo", IssueStatus.CANCELLED, 26, t(26)));

        fold(new TeamAssigned(ISSUE, "net", "ops", null, t(259), "system:rules"), 27);
        assertThat(facts.team()).isEqualTo("net");
        assertThat(facts.lastUpdateAt()).as("a rule's change is not a person's update").isEqualTo(t(26));

        Set<Class<?>> kinds = folded.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(Arrays.asList(IssueEvent.class.getPermittedSubclasses()));
    }

    /**
     * Recorded one minute per sequence number, so "last update" is easy to read off. Folded twice: from the event,
     * and from its stored JSON as the processor reads it ({@link FactChange#read}), which must give the same facts.
     */
    private void fold(IssueEvent event, long sequence) throws Exception {
        FactChange read = FactChange.read(EventType.of(event), STORE.writeValueAsBytes(event), STORE.getFactory());
        assertThat(read).as(event.toString()).isEqualTo(FactChange.of(event));
        IssueFacts fromStored = IssueFacts.fold(facts, read, sequence, t((int) sequence));
        facts = IssueFacts.fold(facts, event, sequence, t((int) sequence));
        assertThat(fromStored).isEqualTo(facts);
        folded.add(event);
    }

    private static Instant t(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }
}
