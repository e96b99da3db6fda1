package org.issueledger.events.sla;

/** The two clocks every issue runs against its SLA. */
public enum ClockKind {
    /** From creation to the first response (acknowledgement, or a public comment by a handler). */
    FIRST_RESPONSE,
    /** From creation to resolution; pauses while on hold and carries its elapsed time over a reopen. */
    RESOLUTION
}
