package org.issueledger.query.kpi;

import java.util.List;

import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.Priority;
import org.issueledger.query.dashboard.IssueStory;

/**
 * One team's May 2031, with answers worked out by hand (times UTC; May 1st is a Thursday):
 * <pre>
 * A  P1 network   created 05-02 10:00, answered after 1 h, resolved after 24 h (05-03), closed 05-04 rated 5
 * B  P2 network   created 05-05 09:00, answered after 3 h, resolved 05-07, rejected 05-08, resolved again 05-10
 *                 (120 h after creation), closed 05-11 rated 3
 * C  P3 email     created 05-10 08:00, cancelled as duplicate an hour later
 * D  P2 email     created 05-20 08:00, answered after 2 h, in work
 * E  P3 email     created 04-28 08:00 (before May), in work
 * F  P4 hardware  created 05-25 08:00, in work
 * </pre>
 * Owners: bo has A, D, E; cy has B, F.
 */
final class MayStory {

    static final String FROM = "2031-05-01";
    static final String TO = "2031-05-31";

    private MayStory() {
    }

    static List<IssueStory> of(String team) {
        return List.of(
                IssueStory.created("2031-05-02T10:00", "Router reboots", "network", "router", Priority.P1, team)
                        .assigned("2031-05-02T10:30", "bo").acknowledged("2031-05-02T11:00")
                        .resolved("2031-05-03T10:00").closed("2031-05-04T10:00", 5),
                IssueStory.created("2031-05-05T09:00", "VPN drops", "network", "vpn", Priority.P2, team)
                        .assigned("2031-05-05T09:30", "cy").commented("2031-05-05T10:00").answered("2031-05-05T12:00")
                        .resolved("2031-05-07T09:00").rejected("2031-05-08T09:00").resolved("2031-05-10T09:00")
                        .closed("2031-05-11T09:00", 3),
                IssueStory.created("2031-05-10T08:00", "Mail bounced", "email", "smtp", Priority.P3, team)
                        .cancelled("2031-05-10T09:00", CancelReason.DUPLICATE),
                IssueStory.created("2031-05-20T08:00", "Mailbox full", "email", "imap", Priority.P2, team)
                        .assigned("2031-05-20T09:00", "bo").acknowledged("2031-05-20T10:00"),
                IssueStory.created("2031-04-28T08:00", "Spam filter too strict", "email", "smtp", Priority.P3, team)
                        .assigned("2031-04-28T09:00", "bo"),
                IssueStory.created("2031-05-25T08:00", "Laptop fan loud", "hardware", "laptop", Priority.P4, team)
                        .assigned("2031-05-25T09:00", "cy"));
    }
}
