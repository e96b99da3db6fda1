package org.issueledger.command.sla;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.SlaPolicy;

/** Parts left null are taken over from the current version; the version number is the book's to assign. */
record DefineSlaPolicyVersion(@TargetAggregateIdentifier String bookId, Map<Priority, SlaPolicy.Targets> targets,
                              Integer warningPercent, List<SlaPolicy.EscalationStep> ladder,
                              BusinessCalendar calendar, Instant effectiveFrom, Instant occurredAt, String actor) {
}
