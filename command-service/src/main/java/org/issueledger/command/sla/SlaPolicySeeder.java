package org.issueledger.command.sla;

import java.time.Clock;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.issueledger.events.sla.SlaPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * On the very first start, records the configured default policy as version 1, effective since the
 * epoch (so imported history is measured too). From then on the log is the truth and versions change
 * only through the admin API: later edits of the configuration do not rewrite version 1.
 */
@Component
class SlaPolicySeeder implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SlaPolicySeeder.class);

    private final EventStore eventStore;
    private final CommandGateway commands;
    private final SlaSettings settings;
    private final Clock clock;

    SlaPolicySeeder(EventStore eventStore, CommandGateway commands, SlaSettings settings, Clock clock) {
        this.eventStore = eventStore;
        this.commands = commands;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (eventStore.lastSequenceNumberFor(SlaPolicyBook.DEFAULT_BOOK).isPresent()) {
            return;
        }
        SlaPolicy initial = settings.applyTo(SlaPolicy.defaults());
        try {
            commands.sendAndWait(new DefineSlaPolicyVersion(SlaPolicyBook.DEFAULT_BOOK, initial.targets(),
                    initial.warningPercent(), initial.ladder(), initial.calendar(), initial.effectiveFrom(),
                    clock.instant(), "system:config"));
            log.info("Recorded the configured SLA policy as version 1");
        } catch (RuntimeException lostRace) {
            // Another instance seeded it at the same moment; its version 1 stands.
            if (eventStore.lastSequenceNumberFor(SlaPolicyBook.DEFAULT_BOOK).isEmpty()) {
                throw lostRace;
            }
        }
    }
}
