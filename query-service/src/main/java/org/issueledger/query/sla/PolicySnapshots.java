package org.issueledger.query.sla;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.SlaPolicy;
import org.issueledger.query.web.BadParameter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The policy snapshots seen in {@code SlaPolicyAttached}, kept in {@code sla_policy_version}. A version of a
 * policy never changes once defined, so parsed snapshots are cached for good.
 */
@Component
class PolicySnapshots {

    private static final Pattern VERSION = Pattern.compile("(?:(.+):)?(\\d{1,9})");

    private final JdbcClient jdbc;
    private final JsonMapper json;
    /** For what-if drafts typed by people: a misspelt field must be an error, not silently ignored. */
    private final JsonMapper strictJson;
    private final Map<String, SlaPolicy> parsed = new ConcurrentHashMap<>();

    PolicySnapshots(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.strictJson = json.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    /** A stored version, as listed by {@code GET /api/sla/policies}. */
    record StoredPolicy(String policyId, int version, Instant effectiveFrom, Instant firstSeenAt, SlaPolicy policy) {
    }

    /** Idempotent: the first snapshot of a version stays. */
    void remember(SlaPolicy policy, Instant seenAt) {
        jdbc.sql("""
                        INSERT INTO sla_policy_version (policy_id, version, effective_from, policy, first_seen_at)
                        VALUES (:policyId, :version, :effectiveFrom, CAST(:policy AS jsonb), :seenAt)
                        ON CONFLICT (policy_id, version) DO NOTHING
                        """)
                .param("policyId", policy.id())
                .param("version", policy.version())
                .param("effectiveFrom", utc(policy.effectiveFrom()))
                .param("policy", json.writeValueAsString(policy))
                .param("seenAt", utc(seenAt))
                .update();
    }

    Optional<SlaPolicy> find(String policyId, Integer version) {
        if (policyId == null || version == null) {
            return Optional.empty();
        }
        String key = policyId + ":" + version;
        SlaPolicy cached = parsed.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<SlaPolicy> loaded = jdbc.sql("""
                        SELECT policy::text FROM sla_policy_version WHERE policy_id = :policyId AND version = :version
                        """)
                .param("policyId", policyId)
                .param("version", version)
                .query(String.class)
                .optional()
                .map(text -> json.readValue(text, SlaPolicy.class));
        loaded.ifPresent(policy -> parsed.put(key, policy));
        return loaded;
    }

    /**
     * The calendar an issue is measured in: its snapshot's. Round the clock when the snapshot is unknown (clock
     * events without an attached policy do not occur on the command side; this only keeps a read model going).
     */
    BusinessCalendar calendarOf(UUID issueId) {
        return jdbc.sql("SELECT policy_id, policy_version FROM sla_issue WHERE issue_id = :issueId")
                .param("issueId", issueId)
                .query((rs, row) -> find(rs.getString("policy_id"), rs.getObject("policy_version", Integer.class)))
                .optional()
                .flatMap(policy -> policy)
                .map(SlaPolicy::calendar)
                .orElseGet(BusinessCalendar::twentyFourSeven);
    }

    BusinessCalendar calendarOf(String policyId, Integer version) {
        return find(policyId, version).map(SlaPolicy::calendar).orElseGet(BusinessCalendar::twentyFourSeven);
    }

    List<StoredPolicy> all() {
        return jdbc.sql("""
                        SELECT policy_id, version, effective_from, first_seen_at, policy::text AS policy
                          FROM sla_policy_version
                         ORDER BY policy_id, version
                        """)
                .query((rs, row) -> new StoredPolicy(rs.getString("policy_id"), rs.getInt("version"),
                        instant(rs.getObject("effective_from", OffsetDateTime.class)),
                        instant(rs.getObject("first_seen_at", OffsetDateTime.class)),
                        json.readValue(rs.getString("policy"), SlaPolicy.class)))
                .list();
    }

    /**
     * The policy a what-if runs under, from its {@code policy} parameter: a version number ({@code 2}), a policy id
     * and version ({@code default:2}), or inline JSON of a policy. Inline JSON may leave parts out; they are taken
     * from the newest stored version (latest effective date, then highest version), or from the shipped default
     * when none is stored, just as the command side's admin API fills in a new version.
     */
    SlaPolicy resolve(String value) {
        if (value == null || value.isBlank()) {
            throw new BadParameter("policy", "Parameter 'policy' is required: a policy version number (e.g. 2), "
                    + "policyId:version (e.g. default:2), or the policy as inline JSON");
        }
        String trimmed = value.trim();
        if (trimmed.startsWith("{")) {
            return inline(trimmed);
        }
        Matcher matcher = VERSION.matcher(trimmed);
        if (!matcher.matches()) {
            throw new BadParameter("policy", "Parameter 'policy' must be a version number (e.g. 2), "
                    + "policyId:version (e.g. default:2), or inline JSON starting with '{', got '" + value + "'");
        }
        int version = Integer.parseInt(matcher.group(2));
        String policyId = matcher.group(1);
        List<String> ids = policyId != null ? List.of(policyId)
                : jdbc.sql("SELECT policy_id FROM sla_policy_version WHERE version = :version ORDER BY policy_id")
                        .param("version", version)
                        .query(String.class)
                        .list();
        if (ids.size() > 1) {
            throw new BadParameter("policy", "Parameter 'policy': version " + version + " exists for several policies "
                    + ids + "; name one as policyId:version");
        }
        return ids.stream().findFirst()
                .flatMap(id -> find(id, version))
                .orElseThrow(() -> new BadParameter("policy", "Parameter 'policy': no issue has been measured against "
                        + (policyId != null ? "policy " + policyId + " " : "") + "version " + version
                        + " yet; known versions are listed at /api/sla/policies"));
    }

    /** Every part optional; see {@link #resolve}. */
    record PolicyDraft(String id, Integer version, Instant effectiveFrom, Map<Priority, SlaPolicy.Targets> targets,
                       Integer warningPercent, List<SlaPolicy.EscalationStep> ladder, BusinessCalendar calendar) {
    }

    private SlaPolicy inline(String text) {
        PolicyDraft draft;
        try {
            draft = strictJson.readValue(text, PolicyDraft.class);
        } catch (JacksonException e) {
            throw new BadParameter("policy", "Parameter 'policy' is not a readable SLA policy: "
                    + abbreviated(e.getOriginalMessage()));
        }
        SlaPolicy base = newest().orElseGet(SlaPolicy::defaults);
        Map<Priority, SlaPolicy.Targets> targets = new EnumMap<>(base.targets());
        if (draft.targets() != null) {
            targets.putAll(draft.targets());
        }
        try {
            return new SlaPolicy(draft.id() != null ? draft.id() : "what-if",
                    draft.version() != null ? draft.version() : 0,
                    draft.effectiveFrom() != null ? draft.effectiveFrom() : base.effectiveFrom(),
                    targets,
                    draft.warningPercent() != null ? draft.warningPercent() : base.warningPercent(),
                    draft.ladder() != null ? draft.ladder() : base.ladder(),
                    draft.calendar() != null ? draft.calendar() : base.calendar());
        } catch (IllegalArgumentException e) {
            throw new BadParameter("policy", "Parameter 'policy' is not a valid SLA policy: " + e.getMessage());
        }
    }

    private Optional<SlaPolicy> newest() {
        return jdbc.sql("""
                        SELECT policy_id, version FROM sla_policy_version
                         ORDER BY effective_from DESC NULLS LAST, version DESC, policy_id
                         LIMIT 1
                        """)
                .query((rs, row) -> find(rs.getString("policy_id"), rs.getInt("version")))
                .optional()
                .flatMap(policy -> policy);
    }

    private static String abbreviated(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        String oneLine = message.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
