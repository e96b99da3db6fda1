package org.issueledger.query.issueview;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.issueledger.events.issue.CoHandlerAdded;
import org.issueledger.events.issue.CoHandlerRemoved;
import org.issueledger.events.issue.CommentAdded;
import org.issueledger.events.issue.IssueAcknowledged;
import org.issueledger.events.issue.IssueCancelled;
import org.issueledger.events.issue.IssueClosed;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEscalated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.IssuePutOnHold;
import org.issueledger.events.issue.IssueReclassified;
import org.issueledger.events.issue.IssueReopened;
import org.issueledger.events.issue.IssueResolved;
import org.issueledger.events.issue.IssueResumed;
import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.TeamAssigned;
import org.issueledger.events.issue.PriorityChanged;
import org.issueledger.events.issue.ResolutionAccepted;
import org.issueledger.events.issue.ResolutionRejected;
import org.issueledger.events.issue.SlaBreached;
import org.issueledger.events.issue.SlaClockPaused;
import org.issueledger.events.issue.SlaClockResumed;
import org.issueledger.events.issue.SlaClockStarted;
import org.issueledger.events.issue.SlaClockStopped;
import org.issueledger.events.issue.SlaPolicyAttached;
import org.issueledger.events.issue.SlaWarningReached;
import org.issueledger.events.issue.WorkStarted;
import org.issueledger.query.consuming.BulkRows;
import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Folds each issue's events into its row of {@code issue_view}.
 *
 * <p>A batch is folded in memory: the rows of its issues are read with one query, each event changes its issue's
 * row there, and the rows the batch created or changed are written back with one statement each (new, changed).
 *
 * <p>Every change is guarded by the issue's last applied sequence: an event already applied (a redelivery, a
 * replay from older offsets, a repeat within the batch) changes nothing. Events of an issue whose creation was
 * never seen change nothing either.
 *
 * <p>The view shows the current state only: a reopen clears the resolution and closing; earlier ones stay
 * in the audit trail.
 */
@Component
class IssueViewProjection implements Projection {

    private static final String COLUMNS = """
            issue_id, title, description, category, component, priority, team, reporter, status, owner,
            co_handlers, escalation_level, reassignments, reopen_count, created_at, first_response_at, resolved_at,
            resolution_code, closed_at, close_code, satisfaction, cancelled_at, cancel_reason, duplicate_of,
            last_sequence, last_occurred_at, last_global_position, updated_at""";

    /** The columns as arrays, one element per row, in the order of {@link #COLUMNS}. */
    private static final String UNNESTED = """
            unnest(CAST(:issue_id AS uuid[]), CAST(:title AS text[]), CAST(:description AS text[]),
                   CAST(:category AS text[]), CAST(:component AS text[]), CAST(:priority AS text[]),
                   CAST(:team AS text[]), CAST(:reporter AS text[]), CAST(:status AS text[]), CAST(:owner AS text[]),
                   CAST(:co_handlers AS text[]), CAST(:escalation_level AS int[]), CAST(:reassignments AS int[]),
                   CAST(:reopen_count AS int[]), CAST(:created_at AS timestamptz[]),
                   CAST(:first_response_at AS timestamptz[]), CAST(:resolved_at AS timestamptz[]),
                   CAST(:resolution_code AS text[]), CAST(:closed_at AS timestamptz[]), CAST(:close_code AS text[]),
                   CAST(:satisfaction AS smallint[]), CAST(:cancelled_at AS timestamptz[]),
                   CAST(:cancel_reason AS text[]), CAST(:duplicate_of AS uuid[]), CAST(:last_sequence AS bigint[]),
                   CAST(:last_occurred_at AS timestamptz[]), CAST(:last_global_position AS bigint[]),
                   CAST(:updated_at AS timestamptz[]))""";

    private final JdbcClient jdbc;

    IssueViewProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final ReadModel TABLES = ReadModel.of("issue-view", "issue_view");

    @Override
    public ReadModel readModel() {
        return TABLES;
    }

    @Override
    public void applyAll(List<ConsumedEvent> batch) {
        Map<UUID, View> views = new HashMap<>();
        jdbc.sql("SELECT " + COLUMNS + " FROM issue_view WHERE issue_id IN (SELECT unnest(CAST(:ids AS uuid[])))")
                .param("ids", BulkRows.array(batch.stream().map(ConsumedEvent::issueId).distinct().toList()))
                .query((rs, row) -> View.read(rs))
                .list()
                .forEach(view -> views.put(view.issueId, view));
        for (ConsumedEvent event : batch) {
            apply(event, views);
        }
        write(views);
    }

    // Java 17 has no pattern switch over the sealed IssueEvent: the chain ends in an exception instead, and
    // IssueViewHandlesEveryEventTest feeds every permitted subclass through it, so a new event fails the build.
    private static void apply(ConsumedEvent event, Map<UUID, View> views) {
        IssueEvent payload = event.payload();
        if (payload instanceof IssueCreated e) {
            if (!views.containsKey(event.issueId())) {
                views.put(event.issueId(), View.created(event, e));
            }
            return;
        }
        View view = guarded(event, views);
        if (payload instanceof OwnerAssigned e) {
            if (view != null) {
                // Assignment moves a new issue on; later in the lifecycle it only changes hands.
                view.owner = e.owner();
                view.reassignments = e.reassignments();
                if (IssueStatus.OPEN.name().equals(view.status)) {
                    view.status = IssueStatus.ASSIGNED.name();
                }
            }
        } else if (payload instanceof TeamAssigned e) {
            if (view != null) {
                view.team = e.team();
            }
        } else if (payload instanceof CoHandlerAdded e) {
            if (view != null && !view.coHandlers.contains(e.coHandler())) {
                view.coHandlers.add(e.coHandler());
            }
        } else if (payload instanceof CoHandlerRemoved e) {
            if (view != null) {
                view.coHandlers.removeIf(coHandler -> Objects.equals(coHandler, e.coHandler()));
            }
        } else if (payload instanceof IssueAcknowledged) {
            if (view != null) {
                view.firstResponse(event.occurredAt());
            }
        } else if (payload instanceof WorkStarted) {
            if (view != null) {
                view.status = IssueStatus.IN_PROGRESS.name();
            }
        } else if (payload instanceof CommentAdded e) {
            if (view != null && e.firstResponse()) {
                view.firstResponse(event.occurredAt());
            }
        } else if (payload instanceof PriorityChanged e) {
            if (view != null) {
                view.priority = name(e.priority());
            }
        } else if (payload instanceof IssueReclassified e) {
            if (view != null) {
                view.category = e.category();
                view.component = e.component();
            }
        } else if (payload instanceof IssuePutOnHold) {
            if (view != null) {
                view.status = IssueStatus.ON_HOLD.name();
            }
        } else if (payload instanceof IssueResumed) {
            if (view != null) {
                view.status = IssueStatus.IN_PROGRESS.name();
            }
        } else if (payload instanceof IssueEscalated e) {
            if (view != null) {
                view.escalationLevel = e.level();
            }
        } else if (payload instanceof IssueResolved e) {
            if (view != null) {
                view.status = IssueStatus.RESOLVED.name();
                view.resolvedAt = event.occurredAt();
                view.resolutionCode = e.resolutionCode();
            }
        } else if (payload instanceof ResolutionAccepted) {
            // Verified: the issue stays RESOLVED until it is closed.
        } else if (payload instanceof ResolutionRejected e) {
            if (view != null) {
                view.backToWork(e.reopenCount());
            }
        } else if (payload instanceof IssueClosed e) {
            if (view != null) {
                view.status = IssueStatus.CLOSED.name();
                view.closedAt = event.occurredAt();
                view.closeCode = e.closeCode();
                view.satisfaction = e.satisfaction();
            }
        } else if (payload instanceof IssueReopened e) {
            if (view != null) {
                view.backToWork(e.reopenCount());
            }
        } else if (payload instanceof IssueCancelled e) {
            if (view != null) {
                view.status = IssueStatus.CANCELLED.name();
                view.cancelledAt = event.occurredAt();
                view.cancelReason = name(e.reason());
                view.duplicateOf = e.duplicateOf();
            }
        } else if (payload instanceof SlaPolicyAttached || payload instanceof SlaClockStarted
                || payload instanceof SlaClockPaused || payload instanceof SlaClockResumed
                || payload instanceof SlaWarningReached || payload instanceof SlaBreached
                || payload instanceof SlaClockStopped) {
            // SLA clocks have their own read model; here they only move the issue's sequence on.
        } else {
            throw new IllegalArgumentException("The issue view does not handle " + payload.getClass().getName());
        }
    }

    /**
     * The issue's row if this event is newer than the last one applied to it, recorded as the last one; null when
     * the event changes nothing.
     */
    private static View guarded(ConsumedEvent event, Map<UUID, View> views) {
        View view = views.get(event.issueId());
        if (view == null || view.lastSequence >= event.sequence()) {
            return null;
        }
        view.lastSequence = event.sequence();
        view.lastOccurredAt = event.occurredAt();
        view.lastGlobalPosition = event.globalPosition();
        view.updatedAt = event.recordedAt();
        view.changed = true;
        return view;
    }

    private void write(Map<UUID, View> views) {
        BulkRows created = View.rows();
        BulkRows changed = View.rows();
        for (View view : views.values()) {
            if (view.created) {
                view.addTo(created);
            } else if (view.changed) {
                view.addTo(changed);
            }
        }
        if (!created.isEmpty()) {
            // co_handlers came as one array literal per row (text), made an array here.
            jdbc.sql("INSERT INTO issue_view (" + COLUMNS + ") SELECT "
                            + COLUMNS.replace("co_handlers,", "CAST(co_handlers AS text[]),")
                            + " FROM " + UNNESTED + " AS r (" + COLUMNS + ") ON CONFLICT (issue_id) DO NOTHING")
                    .params(created.params())
                    .update();
        }
        if (!changed.isEmpty()) {
            // The guard once more in SQL: should another consumer have got further meanwhile, its row stands.
            jdbc.sql("""
                            UPDATE issue_view v SET
                                   title = u.title, description = u.description, category = u.category,
                                   component = u.component, priority = u.priority, team = u.team,
                                   reporter = u.reporter, status = u.status, owner = u.owner,
                                   co_handlers = CAST(u.co_handlers AS text[]), escalation_level = u.escalation_level,
                                   reassignments = u.reassignments, reopen_count = u.reopen_count,
                                   first_response_at = u.first_response_at, resolved_at = u.resolved_at,
                                   resolution_code = u.resolution_code, closed_at = u.closed_at,
                                   close_code = u.close_code, satisfaction = u.satisfaction,
                                   cancelled_at = u.cancelled_at, cancel_reason = u.cancel_reason,
                                   duplicate_of = u.duplicate_of, last_sequence = u.last_sequence,
                                   last_occurred_at = u.last_occurred_at,
                                   last_global_position = u.last_global_position, updated_at = u.updated_at
                              FROM %s AS u (%s)
                             WHERE v.issue_id = u.issue_id AND v.last_sequence < u.last_sequence
                            """.formatted(UNNESTED, COLUMNS))
                    .params(changed.params())
                    .update();
        }
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** An issue's row as the batch has moved it so far. */
    private static final class View {
        UUID issueId;
        String title;
        String description;
        String category;
        String component;
        String priority;
        String team;
        String reporter;
        String status;
        String owner;
        List<String> coHandlers = new ArrayList<>();
        int escalationLevel;
        int reassignments;
        int reopenCount;
        Instant createdAt;
        Instant firstResponseAt;
        Instant resolvedAt;
        String resolutionCode;
        Instant closedAt;
        String closeCode;
        Integer satisfaction;
        Instant cancelledAt;
        String cancelReason;
        UUID duplicateOf;
        long lastSequence;
        Instant lastOccurredAt;
        long lastGlobalPosition;
        Instant updatedAt;
        /** Not stored yet: created in this batch. */
        boolean created;
        /** Stored, and moved on by this batch. */
        boolean changed;

        static View created(ConsumedEvent event, IssueCreated e) {
            View view = new View();
            view.issueId = event.issueId();
            view.title = e.title();
            view.description = e.description();
            view.category = e.category();
            view.component = e.component();
            view.priority = name(e.priority());
            view.team = e.team();
            view.reporter = e.reporter();
            view.status = IssueStatus.OPEN.name();
            view.createdAt = event.occurredAt();
            view.lastSequence = event.sequence();
            view.lastOccurredAt = event.occurredAt();
            view.lastGlobalPosition = event.globalPosition();
            view.updatedAt = event.recordedAt();
            view.created = true;
            return view;
        }

        static View read(ResultSet rs) throws SQLException {
            View view = new View();
            view.issueId = rs.getObject("issue_id", UUID.class);
            view.title = rs.getString("title");
            view.description = rs.getString("description");
            view.category = rs.getString("category");
            view.component = rs.getString("component");
            view.priority = rs.getString("priority");
            view.team = rs.getString("team");
            view.reporter = rs.getString("reporter");
            view.status = rs.getString("status");
            view.owner = rs.getString("owner");
            view.coHandlers = new ArrayList<>(Arrays.asList((String[]) rs.getArray("co_handlers").getArray()));
            view.escalationLevel = rs.getInt("escalation_level");
            view.reassignments = rs.getInt("reassignments");
            view.reopenCount = rs.getInt("reopen_count");
            view.createdAt = instant(rs.getObject("created_at", OffsetDateTime.class));
            view.firstResponseAt = instant(rs.getObject("first_response_at", OffsetDateTime.class));
            view.resolvedAt = instant(rs.getObject("resolved_at", OffsetDateTime.class));
            view.resolutionCode = rs.getString("resolution_code");
            view.closedAt = instant(rs.getObject("closed_at", OffsetDateTime.class));
            view.closeCode = rs.getString("close_code");
            view.satisfaction = rs.getObject("satisfaction", Integer.class);
            view.cancelledAt = instant(rs.getObject("cancelled_at", OffsetDateTime.class));
            view.cancelReason = rs.getString("cancel_reason");
            view.duplicateOf = rs.getObject("duplicate_of", UUID.class);
            view.lastSequence = rs.getLong("last_sequence");
            view.lastOccurredAt = instant(rs.getObject("last_occurred_at", OffsetDateTime.class));
            view.lastGlobalPosition = rs.getLong("last_global_position");
            view.updatedAt = instant(rs.getObject("updated_at", OffsetDateTime.class));
            return view;
        }

        void firstResponse(Instant at) {
            if (firstResponseAt == null) {
                firstResponseAt = at;
            }
        }

        /** Verification rejected or issue reopened: back to work, and no longer resolved or closed. */
        void backToWork(int reopens) {
            status = IssueStatus.IN_PROGRESS.name();
            reopenCount = reopens;
            resolvedAt = null;
            resolutionCode = null;
            closedAt = null;
            closeCode = null;
            satisfaction = null;
        }

        static BulkRows rows() {
            return new BulkRows("issue_id", "title", "description", "category", "component", "priority", "team",
                    "reporter", "status", "owner", "co_handlers", "escalation_level", "reassignments", "reopen_count",
                    "created_at", "first_response_at", "resolved_at", "resolution_code", "closed_at", "close_code",
                    "satisfaction", "cancelled_at", "cancel_reason", "duplicate_of", "last_sequence",
                    "last_occurred_at", "last_global_position", "updated_at");
        }

        void addTo(BulkRows rows) {
            // co_handlers is an array per row: it travels as its own array literal, one text element of the outer array.
            rows.add(issueId, title, description, category, component, priority, team, reporter, status, owner,
                    BulkRows.array(coHandlers), escalationLevel, reassignments, reopenCount, createdAt,
                    firstResponseAt, resolvedAt, resolutionCode, closedAt, closeCode, satisfaction, cancelledAt,
                    cancelReason, duplicateOf, lastSequence, lastOccurredAt, lastGlobalPosition, updatedAt);
        }
    }
}
