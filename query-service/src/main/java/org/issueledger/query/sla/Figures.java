package org.issueledger.query.sla;

/** Compliance of both clocks of one group. */
record Figures(ClockFigures firstResponse, ClockFigures resolution) {

    static final Figures NONE = new Figures(ClockFigures.NONE, ClockFigures.NONE);
}
