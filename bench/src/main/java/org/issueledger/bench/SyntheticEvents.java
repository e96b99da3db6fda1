package org.issueledger.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.issueledger.events.EventEnvelope;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.CommentAdded;
import org.issueledger.events.issue.IssueAcknowledged;
import org.issueledger.events.issue.IssueCancelled;
import org.issueledger.events.issue.IssueClosed;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEscalated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.IssueResolved;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.issue.ResolutionAccepted;
import org.issueledger.events.issue.SlaBreached;
import org.issueledger.events.issue.SlaClockStarted;
import org.issueledger.events.issue.SlaClockStopped;
import org.issueledger.events.issue.SlaPolicyAttached;
import org.issueledger.events.issue.SlaWarningReached;
import org.issueledger.events.issue.WorkStarted;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import tools.jackson.databind.json.JsonMapper;

/**
 * Valid event streams of synthetic issues, as the command side would have appended them: a legal lifecycle per issue
 * (created → assigned → acknowledged → started → resolved → verified → closed, or cancelled, or still in work at the
 * end of history), with the SLA clock events of the default policy (24/7 calendar) and the escalations its ladder
 * triggers, in business-time order. Wrapped in real envelopes and Kafka records (key = issue id, the relay's headers).
 *
 * <p>Not modelled yet: holds, reopens, reassignments, co-handlers, reclassification, priority changes.
 */
final class SyntheticEvents {

    static final String SLA_ACTOR = "system:sla";
    private static final String[] CATEGORIES = {"email", "network", "vpn", "printer", "database", "storage", "backup",
            "identity", "access", "laptop", "desktop", "mobile", "erp", "crm", "billing", "payroll", "web", "api", "dns",
            "firewall", "monitoring", "logging", "ci", "deploy", "kubernetes", "virtualization", "linux", "windows",
            "office", "collaboration", "telephony", "video", "wifi", "hr portal", "finance", "warehouse", "shipping",
            "pos", "shop", "search", "analytics", "reporting", "data pipeline", "messaging", "security", "antivirus",
            "certificates", "licenses", "hardware", "facilities"};
    private static final String[] PHRASES = {"Disk full on", "Login fails on", "Timeout calling", "High load on",
            "Memory leak in", "Certificate expired for", "Cannot connect to", "Slow response from", "Backup failed on",
            "Sync stuck in", "Crash in", "Server error from", "Queue growing on", "Password reset broken on"};
    private static final String[] OBJECTS = {"db", "app", "web", "mail", "file", "print", "vpn", "proxy", "gw", "node"};

    private final JsonMapper json = JsonMapper.builder().build();
    private final SlaPolicy policy = SlaPolicy.defaults();
    private final Random random;
    private final Instant end;
    private long globalPosition;
    private UUID previousIssue;

    SyntheticEvents(long seed, Instant end) {
        this.random = new Random(seed);
        this.end = end;
    }

    /** One issue's records, in order. */
    List<ProducerRecord<String, String>> nextIssue(String topic) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (EventEnvelope envelope : new IssueLife().events()) {
            records.add(record(topic, envelope));
        }
        return records;
    }

    private ProducerRecord<String, String> record(String topic, EventEnvelope envelope) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventEnvelope.HEADER_EVENT_ID, bytes(envelope.eventId().toString()));
        headers.add(EventEnvelope.HEADER_EVENT_TYPE, bytes(envelope.type()));
        headers.add(EventEnvelope.HEADER_EVENT_VERSION, bytes(Integer.toString(envelope.version())));
        headers.add(EventEnvelope.HEADER_ISSUE_SEQUENCE, bytes(Long.toString(envelope.sequence())));
        headers.add(EventEnvelope.HEADER_GLOBAL_POSITION, bytes(Long.toString(envelope.globalPosition())));
        return new ProducerRecord<>(topic, null, envelope.issueId().toString(), json.writeValueAsString(envelope),
                headers);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Simulates one issue the way the aggregate would record it. */
    private final class IssueLife {

        private final UUID id = new UUID(random.nextLong(), random.nextLong());
        private final List<EventEnvelope> out = new ArrayList<>();
        private final Map<ClockKind, Clock> clocks = new EnumMap<>(ClockKind.class);
        private final String correlation = UUID.randomUUID().toString();
        private int escalationLevel;
        private boolean escalatable = true;
        private long sequence;

        List<EventEnvelope> events() {
            double u = random.nextDouble();
            Priority priority = u < 0.05 ? Priority.P1 : u < 0.20 ? Priority.P2 : u < 0.70 ? Priority.P3 : Priority.P4;
            int team = (int) (20 * Math.pow(random.nextDouble(), 1.6));
            String category = CATEGORIES[(int) (CATEGORIES.length * Math.pow(random.nextDouble(), 2))];
            String title = PHRASES[(int) (PHRASES.length * Math.pow(random.nextDouble(), 2))] + " "
                    + OBJECTS[(int) (OBJECTS.length * Math.pow(random.nextDouble(), 2))] + "-" + random.nextInt(200);
            String teamName = "team-%02d".formatted(team);
            String owner = "agent-%02d-%d".formatted(team, random.nextInt(15));
            String reporter = "user-" + random.nextInt(5000);
            Instant t0 = end.minusSeconds((long) (random.nextDouble() * 365 * 86400));

            emit(new IssueCreated(id, title, "Reported by monitoring: " + title, category,
                    category + " core", priority, teamName, reporter, t0, reporter), t0, reporter);
            emit(new SlaPolicyAttached(id, policy, t0, SLA_ACTOR), t0, SLA_ACTOR);
            for (ClockKind kind : ClockKind.values()) {
                Duration target = policy.target(kind, priority);
                Clock clock = new Clock(kind, t0, target);
                clocks.put(kind, clock);
                emit(new SlaClockStarted(id, kind, policy.version(), target, clock.at(80), clock.at(100), t0,
                        SLA_ACTOR), t0, SLA_ACTOR);
            }

            long frTarget = policy.target(ClockKind.FIRST_RESPONSE, priority).getSeconds();
            long resTarget = policy.target(ClockKind.RESOLUTION, priority).getSeconds();
            double fate = random.nextDouble();
            Instant assigned = t0.plusSeconds(60 + (long) (frTarget * 0.5 * random.nextDouble()));
            if (fate < 0.04) {
                Instant cancelled = t0.plusSeconds(300 + (long) (172800 * random.nextDouble()));
                if (!at(cancelled)) {
                    return out;
                }
                boolean duplicate = previousIssue != null && random.nextBoolean();
                emit(new IssueCancelled(id, duplicate ? CancelReason.DUPLICATE
                        : random.nextBoolean() ? CancelReason.INVALID : CancelReason.FALSE_REPORT,
                        duplicate ? previousIssue : null, null, cancelled, reporter), cancelled, reporter);
                escalatable = false;
                stopAll(cancelled);
                return finish();
            }
            if (!at(assigned)) {
                return finish();
            }
            emit(new OwnerAssigned(id, owner, null, 0, assigned, "dispatcher"), assigned, "dispatcher");
            Instant acknowledged = assigned.plusSeconds(60 + (long) (frTarget * 1.6 * Math.pow(random.nextDouble(), 1.5)));
            if (!at(acknowledged)) {
                return finish();
            }
            emit(new IssueAcknowledged(id, acknowledged, owner), acknowledged, owner);
            stop(ClockKind.FIRST_RESPONSE, acknowledged);
            Instant started = acknowledged.plusSeconds(30 + random.nextInt(1800));
            if (!at(started)) {
                return finish();
            }
            emit(new WorkStarted(id, started, owner), started, owner);
            if (fate < 0.07) {
                return finish(); // old backlog: never resolved
            }
            if (random.nextDouble() < 0.3) {
                Instant commented = started.plusSeconds(60 + random.nextInt(7200));
                if (!at(commented)) {
                    return finish();
                }
                emit(new CommentAdded(id, "Looking into it", true, false, commented, owner), commented, owner);
            }
            Instant resolved = max(out.get(out.size() - 1).occurredAt().plusSeconds(60),
                    t0.plusSeconds(600 + (long) (resTarget * 2 * Math.pow(random.nextDouble(), 2))));
            if (!at(resolved)) {
                return finish();
            }
            emit(new IssueResolved(id, "FIXED", "Restarted the service and cleared the queue", "KB-" + random.nextInt(900),
                    resolved, owner), resolved, owner);
            escalatable = false;
            stopAll(resolved);
            if (fate < 0.10) {
                return finish(); // resolved, not closed yet
            }
            Instant verified = resolved.plusSeconds(60 + random.nextInt(86400));
            if (random.nextBoolean()) {
                if (!at(verified)) {
                    return finish();
                }
                emit(new ResolutionAccepted(id, null, verified, reporter), verified, reporter);
            }
            Instant closed = verified.plusSeconds(60 + random.nextInt(172800));
            if (!at(closed)) {
                return finish();
            }
            Integer satisfaction = random.nextDouble() < 0.7 ? 1 + (int) (5 * Math.sqrt(random.nextDouble())) : null;
            emit(new IssueClosed(id, "DONE", satisfaction != null ? Math.min(5, satisfaction) : null, closed, reporter),
                    closed, reporter);
            return finish();
        }

        /** Records what the clocks crossed up to {@code instant}; false when it lies after the end of history. */
        private boolean at(Instant instant) {
            if (instant.isAfter(end)) {
                return false;
            }
            crossUntil(instant);
            return true;
        }

        private List<EventEnvelope> finish() {
            crossUntil(end);
            previousIssue = id;
            return out;
        }

        private void crossUntil(Instant until) {
            record Crossing(Instant at, Clock clock, int percent) {
            }
            List<Crossing> crossings = new ArrayList<>();
            for (Clock clock : clocks.values()) {
                if (clock.stopped) {
                    continue;
                }
                for (int percent : clock.pending()) {
                    if (clock.at(percent).isBefore(until)) {
                        crossings.add(new Crossing(clock.at(percent), clock, percent));
                    }
                }
            }
            crossings.sort((a, b) -> a.at().compareTo(b.at()) != 0 ? a.at().compareTo(b.at())
                    : a.clock().kind != b.clock().kind ? a.clock().kind.compareTo(b.clock().kind)
                    : Integer.compare(a.percent(), b.percent()));
            for (Crossing crossing : crossings) {
                Clock clock = crossing.clock();
                clock.passed.add(crossing.percent());
                if (crossing.percent() == policy.warningPercent()) {
                    emit(new SlaWarningReached(id, clock.kind, policy.version(), clock.target, clock.at(100),
                            crossing.at(), SLA_ACTOR), crossing.at(), SLA_ACTOR);
                }
                if (crossing.percent() == 100) {
                    emit(new SlaBreached(id, clock.kind, policy.version(), clock.target, clock.at(100), crossing.at(),
                            SLA_ACTOR), crossing.at(), SLA_ACTOR);
                }
                for (SlaPolicy.EscalationStep step : policy.ladder()) {
                    if (step.percentOfTarget() == crossing.percent() && step.level() > escalationLevel && escalatable) {
                        emit(new IssueEscalated(id, step.level(), escalationLevel, "SLA " + clock.kind + " clock at "
                                + crossing.percent() + "% of its target", crossing.at(), SLA_ACTOR), crossing.at(),
                                SLA_ACTOR);
                        escalationLevel = step.level();
                    }
                }
            }
        }

        private void stopAll(Instant at) {
            stop(ClockKind.FIRST_RESPONSE, at);
            stop(ClockKind.RESOLUTION, at);
        }

        private void stop(ClockKind kind, Instant at) {
            Clock clock = clocks.get(kind);
            if (clock.stopped) {
                return;
            }
            clock.stopped = true;
            Duration elapsed = Duration.between(clock.start, at);
            emit(new SlaClockStopped(id, kind, policy.version(), clock.target, elapsed, clock.at(100),
                    elapsed.compareTo(clock.target) <= 0, at, SLA_ACTOR), at, SLA_ACTOR);
        }

        private void emit(IssueEvent event, Instant at, String actor) {
            EventType type = EventType.of(event);
            String commandId = UUID.randomUUID().toString();
            out.add(new EventEnvelope(UUID.randomUUID(), type.wireName(), type.version(), id, sequence++,
                    ++globalPosition, at, at, actor,
                    Map.of(EventEnvelope.META_COMMAND_ID, commandId, EventEnvelope.META_CORRELATION_ID, correlation,
                            EventEnvelope.META_CAUSATION_ID, commandId, EventEnvelope.META_SOURCE_SYSTEM, "bench"),
                    event));
        }

        private static Instant max(Instant a, Instant b) {
            return a.isAfter(b) ? a : b;
        }
    }

    /** An SLA clock on the 24/7 calendar: business time is wall time. */
    private final class Clock {
        final ClockKind kind;
        final Instant start;
        final Duration target;
        final TreeSet<Integer> passed = new TreeSet<>();
        boolean stopped;

        Clock(ClockKind kind, Instant start, Duration target) {
            this.kind = kind;
            this.start = start;
            this.target = target;
        }

        Instant at(int percent) {
            return start.plusMillis(target.toMillis() * percent / 100);
        }

        TreeSet<Integer> pending() {
            TreeSet<Integer> pending = new TreeSet<>(List.of(policy.warningPercent(), 100));
            policy.ladder().forEach(step -> pending.add(step.percentOfTarget()));
            pending.removeAll(passed);
            return pending;
        }
    }
}
