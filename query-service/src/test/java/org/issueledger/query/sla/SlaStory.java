package org.issueledger.query.sla;

import static org.issueledger.events.sla.ClockKind.FIRST_RESPONSE;
import static org.issueledger.events.sla.ClockKind.RESOLUTION;

import java.util.List;
import java.util.stream.Stream;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.SlaPolicy;

/**
 * January 2024, one team, the shipped default policy (version 1, round the clock: P1 1 h / 4 h, P2 4 h / 24 h,
 * P3 24 h / 72 h, P4 72 h / 240 h, warning at 80 %). Six issues, every clock event as the command side emits it:
 *
 * <pre>
 * issue       priority  category  first response          resolution
 * met         P2        email     met      1h             met       6h
 * breached    P1        network   breached 1h30m          met       3h
 * paused      P3        email     met      30m            met      25h   (24h on hold in between)
 * reopened    P2        email     met      20m            breached 26h   (10h, reopened, 16h more)
 * retargeted  P3 -> P1  hardware  breached 2h30m          met       3h30m (P1 from 2h on)
 * onHold      P4        hardware  met      30m            paused    1h   (on hold since 2024-01-22T10:00)
 * </pre>
 */
final class SlaStory {

    static final String FROM = "2024-01-01";
    static final String TO = "2024-01-31";

    final SlaHistory met = new SlaHistory();
    final SlaHistory breached = new SlaHistory();
    final SlaHistory paused = new SlaHistory();
    final SlaHistory reopened = new SlaHistory();
    final SlaHistory retargeted = new SlaHistory();
    final SlaHistory onHold = new SlaHistory();

    static SlaStory of(String team) {
        SlaPolicy v1 = SlaPolicy.defaults();
        SlaStory story = new SlaStory();

        story.met.opened("2024-01-08T09:00", Priority.P2, team, "email", v1)
                .assigned("2024-01-08T09:05", "bo")
                .acknowledged("2024-01-08T10:00")
                .clockStopped("2024-01-08T10:00", FIRST_RESPONSE, "4h", "1h", "2024-01-08T13:00", true)
                .resolved("2024-01-08T15:00")
                .clockStopped("2024-01-08T15:00", RESOLUTION, "24h", "6h", "2024-01-09T09:00", true);

        story.breached.opened("2024-01-09T09:00", Priority.P1, team, "network", v1)
                .warned("2024-01-09T09:48", FIRST_RESPONSE, "1h", "2024-01-09T10:00")
                .breached("2024-01-09T10:00", FIRST_RESPONSE, "1h", "2024-01-09T10:00")
                .acknowledged("2024-01-09T10:30")
                .clockStopped("2024-01-09T10:30", FIRST_RESPONSE, "1h", "1h30m", "2024-01-09T10:00", false)
                .resolved("2024-01-09T12:00")
                .clockStopped("2024-01-09T12:00", RESOLUTION, "4h", "3h", "2024-01-09T13:00", true);

        story.paused.opened("2024-01-10T09:00", Priority.P3, team, "email", v1)
                .acknowledged("2024-01-10T09:30")
                .clockStopped("2024-01-10T09:30", FIRST_RESPONSE, "24h", "30m", "2024-01-11T09:00", true)
                .onHold("2024-01-10T10:00", "waiting for customer")
                .clockPaused("2024-01-10T10:00", "waiting for customer", "1h", "2024-01-13T09:00")
                .backToWork("2024-01-11T10:00")
                .clockResumed("2024-01-11T10:00", RESOLUTION, "72h", "1h", "2024-01-13T18:36", "2024-01-14T09:00")
                .resolved("2024-01-12T10:00")
                .clockStopped("2024-01-12T10:00", RESOLUTION, "72h", "25h", "2024-01-14T09:00", true);

        story.reopened.opened("2024-01-15T09:00", Priority.P2, team, "email", v1)
                .firstResponseComment("2024-01-15T09:20")
                .clockStopped("2024-01-15T09:20", FIRST_RESPONSE, "4h", "20m", "2024-01-15T13:00", true)
                .internalComment("2024-01-15T12:00")
                .resolved("2024-01-15T19:00")
                .clockStopped("2024-01-15T19:00", RESOLUTION, "24h", "10h", "2024-01-16T09:00", true)
                .reopened("2024-01-16T09:00")
                .clockResumed("2024-01-16T09:00", RESOLUTION, "24h", "10h", "2024-01-16T18:12", "2024-01-16T23:00")
                .warned("2024-01-16T18:12", RESOLUTION, "24h", "2024-01-16T23:00")
                .breached("2024-01-16T23:00", RESOLUTION, "24h", "2024-01-16T23:00")
                .resolved("2024-01-17T01:00")
                .clockStopped("2024-01-17T01:00", RESOLUTION, "24h", "26h", "2024-01-16T23:00", false);

        story.retargeted.opened("2024-01-17T09:00", Priority.P3, team, "hardware", v1)
                .priorityChanged("2024-01-17T11:00", Priority.P3, Priority.P1)
                .clockResumed("2024-01-17T11:00", FIRST_RESPONSE, "1h", "2h", "2024-01-17T11:00", "2024-01-17T11:00")
                .clockResumed("2024-01-17T11:00", RESOLUTION, "4h", "2h", "2024-01-17T12:12", "2024-01-17T13:00")
                .warned("2024-01-17T11:00", FIRST_RESPONSE, "1h", "2024-01-17T11:00")
                .breached("2024-01-17T11:00", FIRST_RESPONSE, "1h", "2024-01-17T11:00")
                .acknowledged("2024-01-17T11:30")
                .clockStopped("2024-01-17T11:30", FIRST_RESPONSE, "1h", "2h30m", "2024-01-17T11:00", false)
                .warned("2024-01-17T12:12", RESOLUTION, "4h", "2024-01-17T13:00")
                .resolved("2024-01-17T12:30")
                .clockStopped("2024-01-17T12:30", RESOLUTION, "4h", "3h30m", "2024-01-17T13:00", true);

        story.onHold.opened("2024-01-22T09:00", Priority.P4, team, "hardware", v1)
                .acknowledged("2024-01-22T09:30")
                .clockStopped("2024-01-22T09:30", FIRST_RESPONSE, "72h", "30m", "2024-01-25T09:00", true)
                .onHold("2024-01-22T10:00", "waiting for vendor")
                .clockPaused("2024-01-22T10:00", "waiting for vendor", "1h", "2024-02-01T09:00");
        return story;
    }

    List<SlaHistory> issues() {
        return List.of(met, breached, paused, reopened, retargeted, onHold);
    }

    List<EventEnvelope> events() {
        return issues().stream().flatMap(issue -> issue.events().stream()).toList();
    }

    static Stream<EventEnvelope> eventsOf(SlaHistory... histories) {
        return Stream.of(histories).flatMap(history -> history.events().stream());
    }
}
