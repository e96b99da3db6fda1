package org.issueledger.command.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.issueledger.command.history.IssueState.Clock;
import org.issueledger.events.issue.*;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import org.junit.jupiter.api.Test;

/** The as-of fold over one long history that holds every kind of issue event. */
class IssueFoldTest {

    private static final UUID ISSUE = UUID.fromString("00000000-0000-0000-0000-00000000f01d");
    private static final UUID ORIGINAL = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Duration H4 = Duration.ofHours(4);
    private static final Duration H24 = Duration.ofHours(24);
    private static final ClockKind FR = ClockKind.FIRST_RESPONSE;
    private static final ClockKind RES = ClockKind.RESOLUTION;

    private final List<IssueEvent> history = new ArrayList<>();
    private final IssueFold fold = new IssueFold();

    @Test
    void foldFollowsTheLifecycleThroughEveryKindOfEvent() {
        add(new IssueCreated(ISSUE, "Mail down", "No mail since 8:00", "email", "smtp", Priority.P3, "ops", "rita",
                t(0), "rita"));
        add(new SlaPolicyAttached(ISSUE, SlaPolicy.defaults(), t(0), "system:sla"));
        add(new SlaClockStarted(ISSUE, FR, 1, H4, t(190), t(240), t(0), "system:sla"));
        add(new SlaClockStarted(ISSUE, RES, 1, H24, t(1150), t(1440), t(0), "system:sla"));
        assertThat(state().status()).isEqualTo(IssueStatus.OPEN);
        assertThat(state().slaClocks().get(RES).state()).isEqualTo(Clock.State.RUNNING);

        add(new OwnerAssigned(ISSUE, "ana", null, 0, t(1), "dispatcher"));
        add(new CoHandlerAdded(ISSUE, "cy", t(2), "ana"));
        add(new CoHandlerAdded(ISSUE, "dan", t(2), "ana"));
        add(new CoHandlerRemoved(ISSUE, "dan", t(3), "ana"));
        add(new IssueAcknowledged(ISSUE, t(4), "ana"));
        add(new SlaClockStopped(ISSUE, FR, 1, H4, Duration.ofMinutes(4), t(240), true, t(4), "system:sla"));
        IssueState acknowledged = state();
        assertThat(acknowledged.status()).isEqualTo(IssueStatus.ASSIGNED);
        assertThat(acknowledged.owner()).isEqualTo("ana");
        assertThat(acknowledged.coHandlers()).containsExactly("cy");
        assertThat(acknowledged.firstResponded()).isTrue();
        assertThat(acknowledged.slaClocks().get(FR)).isEqualTo(
                new Clock(Clock.State.STOPPED, H4, Duration.ofMinutes(4), t(240), false, false, true));

        add(new WorkStarted(ISSUE, t(5), "ana"));
        add(new CommentAdded(ISSUE, "Looking", false, false, t(6), "ana"));
        add(new PriorityChanged(ISSUE, Priority.P2, Priority.P3, t(7), "ana"));
        add(new SlaClockResumed(ISSUE, RES, 1, H24, Duration.ofMinutes(7), t(1100), t(1400), t(7), "system:sla"));
        add(new IssueReclassified(ISSUE, "network", "dns", "email", "smtp", t(8), "ana"));
        add(new TeamAssigned(ISSUE, "net", "ops", UUID.fromString("00000000-0000-0000-0000-0000000000a1"), t(8),
                "system:rules"));
        add(new IssuePutOnHold(ISSUE, "vendor", t(9), "ana"));
        add(new SlaClockPaused(ISSUE, RES, 1, "vendor", Duration.ofMinutes(9), t(1400), t(9), "system:sla"));
        IssueState onHold = state();
        assertThat(onHold.status()).isEqualTo(IssueStatus.ON_HOLD);
        assertThat(onHold.priority()).isEqualTo(Priority.P2);
        assertThat(onHold.category()).isEqualTo("network");
        assertThat(onHold.component()).isEqualTo("dns");
        assertThat(onHold.team()).isEqualTo("net");
        assertThat(onHold.slaClocks().get(RES).state()).isEqualTo(Clock.State.PAUSED);
        assertThat(onHold.slaClocks().get(RES).elapsed()).isEqualTo(Duration.ofMinutes(9));

        add(new IssueResumed(ISSUE, t(20), "ana"));
        add(new SlaClockResumed(ISSUE, RES, 1, H24, Duration.ofMinutes(9), t(1200), t(1500), t(20), "system:sla"));
        add(new SlaWarningReached(ISSUE, RES, 1, H24, t(1500), t(1200), "system:sla"));
        add(new SlaBreached(ISSUE, RES, 1, H24, t(1500), t(1500), "system:sla"));
        add(new IssueEscalated(ISSUE, 2, 0, "SLA breached", t(1500), "system:sla"));
        add(new IssueResolved(ISSUE, "FIXED", "Flushed", "KB-1", t(1600), "ana"));
        add(new SlaClockStopped(ISSUE, RES, 1, H24, Duration.ofHours(25), t(1500), false, t(1600), "system:sla"));
        IssueState resolved = state();
        assertThat(resolved.status()).isEqualTo(IssueStatus.RESOLVED);
        assertThat(resolved.escalationLevel()).isEqualTo(2);
        assertThat(resolved.resolution()).isEqualTo(new IssueState.Resolution("FIXED", "Flushed", "KB-1", false));
        assertThat(resolved.slaClocks().get(RES)).isEqualTo(
                new Clock(Clock.State.STOPPED, H24, Duration.ofHours(25), t(1500), true, true, false));

        add(new ResolutionRejected(ISSUE, "still down", 1, t(1601), "rita"));
        add(new SlaClockResumed(ISSUE, RES, 1, H24, Duration.ofHours(25), t(1601), t(1601), t(1601), "system:sla"));
        IssueState rejected = state();
        assertThat(rejected.status()).isEqualTo(IssueStatus.IN_PROGRESS);
        assertThat(rejected.reopenCount()).isEqualTo(1);
        assertThat(rejected.resolution()).isNull();

        add(new IssueResolved(ISSUE, "FIXED", "Replaced the disk", null, t(1700), "ana"));
        add(new ResolutionAccepted(ISSUE, "works", t(1701), "rita"));
        add(new IssueClosed(ISSUE, "DONE", 4, t(1702), "rita"));
        IssueState closed = state();
        assertThat(closed.status()).isEqualTo(IssueStatus.CLOSED);
        assertThat(closed.resolution()).isEqualTo(new IssueState.Resolution("FIXED", "Replaced the disk", null, true));
        assertThat(closed.closure()).isEqualTo(new IssueState.Closure("DONE", 4));

        add(new IssueReopened(ISSUE, "back again", 2, t(1800), "rita"));
        add(new IssueCancelled(ISSUE, CancelReason.DUPLICATE, ORIGINAL, "same as the other", t(1801), "ana"));
        IssueState cancelled = state();
        assertThat(cancelled.status()).isEqualTo(IssueStatus.CANCELLED);
        assertThat(cancelled.reopenCount()).isEqualTo(2);
        assertThat(cancelled.closure()).isNull();
        assertThat(cancelled.cancellation())
                .isEqualTo(new IssueState.Cancellation(CancelReason.DUPLICATE, ORIGINAL, "same as the other"));
        assertThat(cancelled.title()).isEqualTo("Mail down");
        assertThat(cancelled.team()).isEqualTo("net");
        assertThat(cancelled.slaPolicyVersion()).isEqualTo(1);
        assertThat(cancelled.createdAt()).isEqualTo(t(0));
        assertThat(cancelled.lastOccurredAt()).isEqualTo(t(1801));
        assertThat(cancelled.lastSequence()).isEqualTo(history.size() - 1);
        assertThat(cancelled.eventsFolded()).isEqualTo(history.size());
    }

    /** The history above is the fold's coverage: a new kind of event fails here until the fold handles it. */
    @Test
    void theHistoryHoldsEveryKindOfIssueEvent() {
        foldFollowsTheLifecycleThroughEveryKindOfEvent();
        Set<Class<?>> folded = history.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(folded).containsExactlyInAnyOrder(IssueEvent.class.getPermittedSubclasses());
    }

    private void add(IssueEvent event) {
        fold.apply(event, history.size(), T0.plusSeconds(history.size()));
        history.add(event);
    }

    private IssueState state() {
        return fold.state(T0.plusSeconds(history.size()));
    }

    private static Instant t(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }
}
