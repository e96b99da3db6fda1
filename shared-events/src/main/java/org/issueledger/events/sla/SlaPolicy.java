package org.issueledger.events.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.issueledger.events.issue.Priority;

/**
 * One version of an SLA policy: per priority a first-response and a resolution target (business time,
 * measured in {@code calendar}), a warning threshold, and an escalation ladder.
 *
 * <p>An issue carries a snapshot of the version in force when its clocks started; a later version
 * never rewrites an earlier measurement.
 *
 * @param warningPercent the share of a target at which a warning fires (e.g. 80)
 * @param ladder         escalation levels reached at a share of the target (e.g. level 1 at 80 %, level 2
 *                       at 100 % — the breach — and level 3 at 200 %)
 */
public record SlaPolicy(String id, int version, Instant effectiveFrom, Map<Priority, Targets> targets,
                        int warningPercent, List<EscalationStep> ladder, BusinessCalendar calendar) {

    public record Targets(Duration firstResponse, Duration resolution) {

        public Targets {
            if (firstResponse == null || resolution == null || firstResponse.isNegative() || firstResponse.isZero()
                    || resolution.isNegative() || resolution.isZero()) {
                throw new IllegalArgumentException("SLA targets must be positive durations");
            }
        }
    }

    public record EscalationStep(int level, int percentOfTarget) {

        public EscalationStep {
            if (level < 1 || percentOfTarget < 1) {
                throw new IllegalArgumentException("An escalation step needs a level >= 1 and a percentage >= 1");
            }
        }
    }

    public SlaPolicy {
        if (targets == null || !targets.keySet().containsAll(List.of(Priority.values()))) {
            throw new IllegalArgumentException("An SLA policy needs targets for every priority P1–P4");
        }
        if (warningPercent < 1 || warningPercent >= 100) {
            throw new IllegalArgumentException("The warning threshold must be between 1 and 99 percent");
        }
        targets = Map.copyOf(new EnumMap<>(targets));
        ladder = ladder == null ? List.of()
                : ladder.stream().sorted(Comparator.comparingInt(EscalationStep::percentOfTarget)).toList();
        if (calendar == null) {
            throw new IllegalArgumentException("An SLA policy needs a business calendar");
        }
    }

    public Duration target(ClockKind clock, Priority priority) {
        Targets t = targets.get(priority);
        return clock == ClockKind.FIRST_RESPONSE ? t.firstResponse() : t.resolution();
    }

    /** The shipped default: P1 1 h / 4 h, P2 4 h / 24 h, P3 24 h / 72 h, P4 72 h / 240 h, around the clock. */
    public static SlaPolicy defaults() {
        return new SlaPolicy("default", 1, Instant.EPOCH, Map.of(
                Priority.P1, new Targets(Duration.ofHours(1), Duration.ofHours(4)),
                Priority.P2, new Targets(Duration.ofHours(4), Duration.ofHours(24)),
                Priority.P3, new Targets(Duration.ofHours(24), Duration.ofHours(72)),
                Priority.P4, new Targets(Duration.ofHours(72), Duration.ofHours(240))),
                80,
                List.of(new EscalationStep(1, 80), new EscalationStep(2, 100), new EscalationStep(3, 200)),
                BusinessCalendar.twentyFourSeven());
    }
}
