package org.issueledger.command.sla;

/** The holiday feed of {@link HolidaysTest}, shared with the HTTP test of the import. */
public final class HolidaysTestFeed {

    public static final String FEED = HolidaysTest.FEED;

    private HolidaysTestFeed() {
    }
}
