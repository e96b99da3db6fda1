package org.issueledger.command.assignment;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.issueledger.command.assignment.AssignmentTables.IssueRow;
import org.issueledger.command.assignment.AssignmentTables.LoadChange;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.Priority;

/**
 * The rule processor's tables as one batch of its events sees them, so that a batch costs a few statements instead
 * of one or two per event: the rows of every issue in the batch read with one query and changed in memory, event
 * after event; the changed rows and the owners' changed loads written with one statement each when the batch
 * commits, in the processor's transaction (the one that stores its token). A batch rolled back writes nothing.
 *
 * <p>Each method does what the statement it replaces did, on the batch's rows: an event of an issue the tables do
 * not know (created before they existed) changes nothing, a repeated creation keeps the row there is.
 */
final class AssignmentBatch {

    private final AssignmentTables tables;
    /** The issues this batch has read; null = read, and not in the tables. */
    private final Map<UUID, IssueRow> issues = new HashMap<>();
    private final Map<UUID, IssueRow> changed = new LinkedHashMap<>();
    private final Map<String, LoadChange> loads = new LinkedHashMap<>();

    AssignmentBatch(AssignmentTables tables, Collection<UUID> issues) {
        this.tables = tables;
        this.issues.putAll(tables.issues(issues));
        for (UUID issue : issues) {
            this.issues.putIfAbsent(issue, null); // known to have no row yet
        }
    }

    /** The issue's row as this batch has changed it so far. */
    Optional<IssueRow> issue(UUID issueId) {
        if (!issues.containsKey(issueId)) { // not announced with the batch: read it now
            issues.put(issueId, tables.issues(List.of(issueId)).get(issueId));
        }
        return Optional.ofNullable(issues.get(issueId));
    }

    /** @return false when the issue was known already (a redelivered event): its row stays as it is */
    boolean created(IssueCreated e, String sourceSystem, boolean imported) {
        if (issue(e.issueId()).isPresent()) {
            return false;
        }
        put(new IssueRow(e.issueId(), e.title(), e.description(), e.category(), e.component(), e.priority(),
                sourceSystem, e.team(), null, null, true, e.occurredAt(), imported));
        return true;
    }

    void reclassified(UUID issueId, String category, String component) {
        issue(issueId).ifPresent(row -> put(row.reclassified(category, component)));
    }

    void priority(UUID issueId, Priority priority) {
        issue(issueId).ifPresent(row -> put(row.withPriority(priority)));
    }

    void team(UUID issueId, String team) {
        issue(issueId).ifPresent(row -> put(row.withTeam(team)));
    }

    /**
     * The issue's owner is now {@code owner}. Moves one open issue from the old owner's load to the new one's —
     * once: the processor records the owner it chose right away (so the next issue in the same batch sees the
     * load), and the OwnerAssigned event that follows then finds nothing to move.
     */
    void owner(UUID issueId, String owner, UUID ruleId) {
        issue(issueId).ifPresent(row -> {
            if (!owner.equals(row.owner()) && row.open()) {
                load(row.owner(), -1);
                load(owner, 1);
            }
            put(row.withOwner(owner, ruleId));
        });
    }

    /** Open = still to be worked on (not resolved, not cancelled): what an owner's load counts. */
    void open(UUID issueId, boolean open) {
        issue(issueId).filter(row -> row.open() != open).ifPresent(row -> {
            load(row.owner(), open ? 1 : -1);
            put(row.withOpen(open));
        });
    }

    /** Open issues of these owners as the tables hold them with this batch's changes so far (absent = none). */
    Map<String, Integer> openIssues(List<String> owners) {
        Map<String, Integer> open = tables.openIssues(owners);
        for (String owner : owners) {
            LoadChange change = loads.get(owner);
            if (change != null) {
                open.put(owner, change.applyTo(open.getOrDefault(owner, 0)));
            }
        }
        return open;
    }

    /** At the batch's commit, in its transaction. */
    void write() {
        tables.saveIssues(changed.values());
        tables.changeLoads(loads);
    }

    private void put(IssueRow row) {
        issues.put(row.issueId(), row);
        changed.put(row.issueId(), row);
    }

    private void load(String owner, int delta) {
        if (owner == null) {
            return;
        }
        loads.put(owner, loads.getOrDefault(owner, LoadChange.NONE).then(delta));
    }
}
