package org.issueledger.command.assignment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param unassignedEscalateAfter an issue still without an owner this long after its creation is escalated one
 *                                level by {@code system:rules}; 0 turns that off
 */
@ConfigurationProperties("issueledger.assignment")
record AssignmentSettings(@DefaultValue("4h") Duration unassignedEscalateAfter) {

    boolean escalatesUnassigned() {
        return !unassignedEscalateAfter.isNegative() && !unassignedEscalateAfter.isZero();
    }
}
