package org.issueledger.query.deadletters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * {@code issueledger_dead_letters{state="DEAD"|"HELD"}}: any DEAD one needs an operator (an issue's read models
 * stand still behind it); HELD says how much of that history waits.
 */
@Component
class DeadLetterMetrics implements MeterBinder {

    private final DeadLetterList list;

    DeadLetterMetrics(DeadLetterList list) {
        this.list = list;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String state : new String[] {"DEAD", "HELD"}) {
            Gauge.builder("issueledger.dead.letters", list, l -> count(l, state))
                    .description("Unresolved dead letters: DEAD need an operator, HELD wait behind one of them")
                    .tag("state", state)
                    .register(registry);
        }
    }

    /** NaN while the database does not answer: a gap on the dashboard, not a false zero. */
    private static double count(DeadLetterList list, String state) {
        try {
            return list.openCounts().get(state);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
