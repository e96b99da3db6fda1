package org.issueledger.query.sla;

import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Histories straight into the SLA projection (as the consumer hands them over), answers from the API. Each test
 * uses teams of its own (and, where it groups by team, a window of its own): the context is shared.
 */
abstract class SlaTestSupport extends QueryServiceTestSupport {

    @Autowired
    SlaProjection projection;

    static String freshTeam(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void tell(SlaHistory... histories) {
        SlaStory.eventsOf(histories).forEach(this::apply);
    }

    void tell(SlaStory story) {
        story.events().forEach(this::apply);
    }

    void apply(EventEnvelope event) {
        projection.apply(IssueTimeline.consumed(event));
    }

    /** The clock of that kind in an issue answer. */
    static JsonNode clock(JsonNode issue, String kind) {
        for (JsonNode clock : issue.get("clocks")) {
            if (clock.get("clock").stringValue().equals(kind)) {
                return clock;
            }
        }
        throw new AssertionError("no " + kind + " clock in " + issue);
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return node.isString() ? node.stringValue() : node.toString();
    }

    /** A clock's measurement in one line: state, version, priority, target, elapsed, paused. */
    static String measurement(JsonNode clock) {
        return text(clock.get("state")) + " v" + text(clock.get("policyVersion")) + " " + text(clock.get("priority"))
                + " target=" + text(clock.get("target")) + " elapsed=" + text(clock.get("businessTimeElapsed"))
                + " paused=" + text(clock.get("pausedBusinessTime"));
    }

    /** Compliance figures of one clock in one line. */
    static String figures(JsonNode clock) {
        return "met=" + text(clock.get("met")) + " breached=" + text(clock.get("breached")) + " running="
                + text(clock.get("running")) + " compliance=" + text(clock.get("compliancePercent")) + " stopped="
                + text(clock.get("stopped")) + " mean=" + text(clock.get("meanHours")) + " median="
                + text(clock.get("medianHours")) + " p90=" + text(clock.get("p90Hours"));
    }
}
