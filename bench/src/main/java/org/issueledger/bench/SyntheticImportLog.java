package org.issueledger.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

/**
 * A help desk's ticket history as a CSV export, for the bulk import (#7, #9.5): one row per status change, the
 * rows of a ticket together and in time order (as a "tickets with their history" export sorts them), tickets in
 * order of creation over a year. Deterministic for a seed. Every row maps to a legal change of our lifecycle
 * through {@link #MAPPING}, so the import must accept all of them.
 *
 * <p>Per ticket: created in a first-line team; re-routed to another team's queue first (40 %, no change of
 * state); assigned by a dispatcher; work started; on hold and resumed (60 %, up to three times); priority changes
 * (10 %); moved to the team's second line (an escalation, 20 %), often reassigned there; internal notes (skipped by
 * the mapping); solved; reopened by later activity (10 %) and solved again; closed. 4 % are cancelled as spam after
 * creation, 3 % are still in work at the end. About 9 rows per ticket.
 */
final class SyntheticImportLog {

    /** The column mapping uploaded with the file. */
    static final String MAPPING = """
            source: bench-synthetic
            format: csv
            delimiter: ";"
            case: ticket
            timestamp: changed
            timestampPattern: "yyyy-MM-dd HH:mm:ss"
            zone: UTC
            state: status
            owner: assignee
            team: group
            priority: prio
            category: category
            actor: changed_by
            title: subject
            priorities: {critical: P1, high: P2, normal: P3, low: P4}
            escalateToTeams: ".*-L2$"
            states:
              new: create
              assigned: assign
              working: start
              waiting: hold
              solved: resolve
              closed: close
              spam: cancel
              queued: none
              note: skip
            """;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String[] PRIORITIES = {"critical", "high", "normal", "normal", "normal", "low", "low"};
    private static final String[] CATEGORIES = {"network", "email", "printer", "laptop", "vpn", "erp", "crm",
            "database", "storage", "telephony", "access", "web", "payroll", "mobile", "backup"};
    private static final String[] SUBJECTS = {"cannot log in to", "slow response from", "error message in",
            "no access to", "crash of", "request for change to", "outage of", "data missing in"};

    /** What was written. */
    record Written(long rows, long tickets, long bytes) {
    }

    private final Random random;
    private final Instant start;

    SyntheticImportLog(long seed, Instant start) {
        this.random = new Random(seed);
        this.start = start;
    }

    /** Writes tickets until {@code rows} rows are written (the last ticket's history may end early: still legal). */
    Written write(Path file, long rows) throws IOException {
        long written = 0;
        long tickets = 0;
        // a year of history: tickets created at an even pace with jitter
        long tenthsOfSecondsPerTicket = Math.max(1, 365L * 24 * 3600 * 10 / Math.max(1, rows / 9));
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("ticket;changed;status;assignee;group;prio;category;changed_by;subject\n");
            StringBuilder ticket = new StringBuilder();
            while (written < rows) {
                tickets++;
                Instant created = start.plusMillis(tickets * tenthsOfSecondsPerTicket * 100 + random.nextInt(600_000));
                ticket.setLength(0);
                int n = ticket(ticket, tickets, created, rows - written);
                out.write(ticket.toString());
                written += n;
            }
        }
        return new Written(written, tickets, Files.size(file));
    }

    /** Appends at most {@code max} rows of one ticket; answers how many. */
    private int ticket(StringBuilder out, long number, Instant created, long max) {
        String id = "S-" + number;
        String team = "desk-" + (1 + skewed(12));
        String prio = PRIORITIES[random.nextInt(PRIORITIES.length)];
        String category = CATEGORIES[skewed(CATEGORIES.length)];
        String reporter = "user-" + random.nextInt(5_000);
        String agent = team + "-agent-" + random.nextInt(8);
        String dispatcher = "dispatch-" + random.nextInt(4);
        Row row = new Row(out, id, created, max);
        row.add("new", "", team, prio, category, reporter,
                SUBJECTS[random.nextInt(SUBJECTS.length)] + " " + category + " #" + number);
        if (random.nextInt(100) < 4) {
            row.later(5, 120).add("spam", "", team, prio, category, dispatcher, "");
            return row.count;
        }
        if (random.nextInt(100) < 40) {
            team = "desk-" + (1 + skewed(12)); // routed to another first-line team's queue: no change of state
            agent = team + "-agent-" + random.nextInt(8);
            row.later(5, 120).add("queued", "", team, prio, category, dispatcher, "");
        }
        row.later(5, 240).add("assigned", agent, team, prio, category, dispatcher, "");
        row.later(5, 480).add("working", agent, team, prio, category, agent, "");
        if (random.nextInt(100) < 50) {
            row.later(10, 600).add("note", agent, team, prio, category, agent, "");
        }
        int holds = random.nextInt(100) < 60 ? 1 + random.nextInt(3) : 0;
        for (int i = 0; i < holds; i++) {
            row.later(30, 1_440).add("waiting", agent, team, prio, category, agent, "");
            row.later(60, 2_880).add("working", agent, team, prio, category, agent, "");
        }
        if (random.nextInt(100) < 10) {
            prio = prio.equals("critical") ? "high" : "critical";
            row.later(10, 600).add("working", agent, team, prio, category, dispatcher, "");
        }
        if (random.nextInt(100) < 20) {
            team = team + "-L2";
            row.later(30, 1_440).add("working", agent, team, prio, category, agent, "");
            if (random.nextInt(100) < 60) {
                agent = team + "-agent-" + random.nextInt(5);
                row.later(10, 240).add("assigned", agent, team, prio, category, dispatcher, "");
            }
        }
        if (random.nextInt(100) < 3) {
            return row.count; // still in work at the end of the export
        }
        row.later(30, 2_880).add("solved", agent, team, prio, category, agent, "");
        if (random.nextInt(100) < 10) {
            row.later(60, 4_320).add("working", agent, team, prio, category, reporter, "");
            row.later(30, 1_440).add("solved", agent, team, prio, category, agent, "");
        }
        if (random.nextInt(100) < 25) {
            row.later(10, 600).add("note", agent, team, prio, category, reporter, "");
        }
        row.later(60, 7 * 1_440).add("closed", agent, team, prio, category, reporter, "");
        return row.count;
    }

    /** 0..n-1, low values more often (a few big teams and categories, a long tail). */
    private int skewed(int n) {
        double u = random.nextDouble();
        return (int) Math.min(n - 1, Math.floor(n * u * u));
    }

    /** The rows of one ticket, each a few minutes to days after the one before. */
    private final class Row {
        private final StringBuilder out;
        private final String id;
        private final long max;
        private Instant at;
        int count;

        Row(StringBuilder out, String id, Instant at, long max) {
            this.out = out;
            this.id = id;
            this.at = at;
            this.max = max;
        }

        Row later(int minMinutes, int maxMinutes) {
            at = at.plusSeconds(60L * (minMinutes + random.nextInt(maxMinutes - minMinutes + 1)) + random.nextInt(60));
            return this;
        }

        Row add(String status, String assignee, String team, String prio, String category, String by, String subject) {
            if (count < max) {
                out.append(id).append(';').append(TIME.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC))).append(';')
                        .append(status).append(';').append(assignee).append(';').append(team).append(';').append(prio)
                        .append(';').append(category).append(';').append(by).append(';').append(subject).append('\n');
                count++;
            }
            return this;
        }
    }
}
