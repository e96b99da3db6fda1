package org.issueledger.query.consuming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.issue.SlaPolicyAttached;
import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.SlaPolicy;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.SampleEvents;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EnvelopeReaderTest {

    private static final String ISSUE = "0b8e6c2a-5d1f-4b7e-9a3c-2f6d8e1a4b7c";
    private static final String EVENT = "6a1f0c9e-3b2d-4e5f-8a7b-1c2d3e4f5a6b";

    private final EnvelopeReader reader = new EnvelopeReader(JsonMapper.builder().build());

    @Test
    void readsTheDocumentedWireFormat() throws Exception {
        ConsumedEvent event = reader.read(bytes("""
                {"eventId":"%s","type":"OwnerAssigned","version":1,"issueId":"%s","sequence":1,
                 "globalPosition":42,"occurredAt":"2026-11-21T10:00:00Z","recordedAt":"2026-11-21T10:00:00.123Z",
                 "actor":"ana","metadata":{"commandId":"c-1","correlationId":"corr-1","causationId":"c-0",
                 "sourceSystem":"monitoring"},
                 "payload":{"issueId":"%s","owner":"bo","previousOwner":null,"reassignments":0,
                            "occurredAt":"2026-11-21T10:00:00Z","actor":"ana"}}
                """.formatted(EVENT, ISSUE, ISSUE)));

        assertThat(event.eventId()).isEqualTo(UUID.fromString(EVENT));
        assertThat(event.type()).isEqualTo(EventType.OWNER_ASSIGNED);
        assertThat(event.sequence()).isEqualTo(1);
        assertThat(event.globalPosition()).isEqualTo(42);
        assertThat(event.recordedAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00.123Z"));
        assertThat(event.correlationId()).isEqualTo("corr-1");
        assertThat(event.sourceSystem()).isEqualTo("monitoring");
        assertThat(event.payload()).isEqualTo(new OwnerAssigned(UUID.fromString(ISSUE), "bo", null, 0,
                Instant.parse("2026-11-21T10:00:00Z"), "ana"));
    }

    @Test
    void absentAndNullFieldsAndUnknownExtrasAreTolerated() throws Exception {
        ConsumedEvent event = reader.read(bytes("""
                {"eventId":"%s","type":"OwnerAssigned","version":1,"issueId":"%s","sequence":3,
                 "globalPosition":7,"occurredAt":"2026-11-21T10:00:00Z","recordedAt":"2026-11-21T10:00:01Z",
                 "addedLater":true,
                 "payload":{"issueId":"%s","owner":"bo","reassignments":null,"occurredAt":"2026-11-21T10:00:00Z"}}
                """.formatted(EVENT, ISSUE, ISSUE)));

        assertThat(event.actor()).isNull();
        assertThat(event.metadata()).isEmpty();
        assertThat(event.payload()).isEqualTo(new OwnerAssigned(UUID.fromString(ISSUE), "bo", null, 0,
                Instant.parse("2026-11-21T10:00:00Z"), null));
    }

    @Test
    void instantsInAnotherFormThanTheRelaysAreReadAsBeforeAndBadOnesRefused() throws Exception {
        ConsumedEvent event = reader.read(bytes("""
                {"eventId":"%s","type":"OwnerAssigned","version":1,"issueId":"%s","sequence":3,
                 "globalPosition":7,"occurredAt":"2026-11-21T11:00:00+01:00","recordedAt":"2026-11-21T10:00:01.5Z",
                 "payload":{"issueId":"%s","owner":"bo","occurredAt":"2026-11-21T11:30:00+01:00"}}
                """.formatted(EVENT, ISSUE, ISSUE)));

        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(event.recordedAt()).isEqualTo(Instant.parse("2026-11-21T10:00:01.500Z"));
        assertThat(((OwnerAssigned) event.payload()).occurredAt()).isEqualTo(Instant.parse("2026-11-21T10:30:00Z"));
        assertUnreadable("""
                {"eventId":"%s","type":"OwnerAssigned","version":1,"issueId":"%s","sequence":3,
                 "globalPosition":7,"occurredAt":"2026-11-21T10:00:00Z","recordedAt":"2026-11-21T10:00:01Z",
                 "payload":{"issueId":"%s","owner":"bo","occurredAt":"2026-02-30T10:00:00Z"}}
                """.formatted(EVENT, ISSUE, ISSUE), "2026-02-30");
    }

    @Test
    void everyEventOfTheContractSurvivesTheTripThroughJson() throws Exception {
        for (Class<? extends IssueEvent> type : SampleEvents.permittedTypes()) {
            IssueTimeline timeline = new IssueTimeline();
            IssueEvent sample = SampleEvents.sample(type, timeline.issueId(), timeline.tick());
            EventEnvelope envelope = timeline.next(sample);

            ConsumedEvent event = reader.read(IssueTimeline.json(envelope));

            assertThat(event.payload()).as(type.getSimpleName()).isEqualTo(sample);
            assertThat(event.eventId()).isEqualTo(envelope.eventId());
        }
    }

    @Test
    void slaPoliciesOfTheSameTextAreOneBoundPolicyEqualToTheOneSentAndOthersAreBoundApart() throws Exception {
        SlaPolicy office = new SlaPolicy("office", 3, Instant.parse("2026-01-01T00:00:00Z"),
                Map.of(Priority.P1, new SlaPolicy.Targets(Duration.ofMinutes(30), Duration.ofHours(8)),
                        Priority.P2, new SlaPolicy.Targets(Duration.ofHours(2), Duration.ofHours(16)),
                        Priority.P3, new SlaPolicy.Targets(Duration.ofHours(8), Duration.ofDays(3)),
                        Priority.P4, new SlaPolicy.Targets(Duration.ofDays(1), Duration.ofDays(10))),
                75, List.of(new SlaPolicy.EscalationStep(2, 100), new SlaPolicy.EscalationStep(1, 75)),
                new BusinessCalendar("EU office hours", "Europe/Berlin",
                        Map.of(DayOfWeek.MONDAY, List.of(new BusinessCalendar.WorkingHours(LocalTime.of(9, 0),
                                LocalTime.of(17, 0)))),
                        new TreeSet<>(Set.of(LocalDate.parse("2026-12-25")))));
        List<SlaPolicy> sent = List.of(SlaPolicy.defaults(), office, SlaPolicy.defaults(), office);
        List<SlaPolicy> read = new ArrayList<>();
        for (SlaPolicy policy : sent) {
            IssueTimeline timeline = new IssueTimeline();
            SlaPolicyAttached attached = new SlaPolicyAttached(timeline.issueId(), policy, timeline.tick(), "sla");
            ConsumedEvent event = reader.read(IssueTimeline.json(timeline.next(attached)));
            assertThat(event.payload()).isEqualTo(attached);
            read.add(((SlaPolicyAttached) event.payload()).policy());
        }

        assertThat(read).isEqualTo(sent);
        assertThat(read.get(2)).isSameAs(read.get(0));
        assertThat(read.get(3)).isSameAs(read.get(1));
        assertThat(read.get(1)).isNotEqualTo(read.get(0));
    }

    @Test
    void anSlaPolicyBeforeTheTypeOrInAnotherFormIsBoundAsBeforeAndABadOneRefused() throws Exception {
        IssueTimeline timeline = new IssueTimeline();
        SlaPolicyAttached attached = new SlaPolicyAttached(timeline.issueId(), SlaPolicy.defaults(), timeline.tick(),
                "sla");
        String json = new String(IssueTimeline.json(timeline.next(attached)), StandardCharsets.UTF_8);
        int payload = json.indexOf(",\"payload\":");
        String typeLast = "{" + json.substring(payload + 1, json.length() - 1) + "," + json.substring(1, payload) + "}";
        assertThat(reader.read(bytes(typeLast)).payload()).isEqualTo(attached);

        assertUnreadable(json.replace("\"warningPercent\":80", "\"warningPercent\":180"),
                "payload is not a valid SlaPolicyAttached");
        assertThat(reader.read(bytes(json)).payload()).isEqualTo(attached);
    }

    @Test
    void payloadAndMetadataAreKeptAsTheRecordHoldsThem() throws Exception {
        String payload = "{\"issueId\":\"%s\", \"owner\":\"b\\\"o\u00e9\",\"occurredAt\":\"2026-11-21T10:00:00Z\"}"
                .formatted(ISSUE);
        String metadata = "{\"commandId\":\"c-1\", \"sourceSystem\":\"crm\"}";
        ConsumedEvent event = reader.read(bytes("""
                {"eventId":"%s","type":"OwnerAssigned","version":1,"issueId":"%s","sequence":1,"globalPosition":1,
                 "occurredAt":"2026-11-21T10:00:00Z","recordedAt":"2026-11-21T10:00:00Z",
                 "metadata":%s,"payload":%s}
                """.formatted(EVENT, ISSUE, metadata, payload)));

        assertThat(event.payloadJson()).isEqualTo(payload);
        assertThat(event.metadataJson()).isEqualTo(metadata);
        assertThat(((OwnerAssigned) event.payload()).owner()).isEqualTo("b\"o\u00e9");
    }

    @Test
    void payloadBeforeTheTypeIsReadAllTheSame() throws Exception {
        ConsumedEvent event = reader.read(bytes("""
                {"payload":{"issueId":"%s","owner":"bo","occurredAt":"2026-11-21T10:00:00Z"},
                 "metadata":{"attempt":2},"eventId":"%s","version":1,"type":"OwnerAssigned","issueId":"%s",
                 "sequence":1,"globalPosition":1,"occurredAt":"2026-11-21T10:00:00Z","recordedAt":"2026-11-21T10:00:00Z"}
                """.formatted(ISSUE, EVENT, ISSUE)));

        assertThat(event.payload()).isEqualTo(new OwnerAssigned(UUID.fromString(ISSUE), "bo", null, 0,
                Instant.parse("2026-11-21T10:00:00Z"), null));
        assertThat(event.metadata()).containsEntry("attempt", "2");
        assertThat(event.metadataJson()).as("not only strings: written from the map by whoever needs it").isNull();
    }

    @Test
    void envelopeWithATrailingValueIsUnreadable() {
        assertUnreadable(envelope("OwnerAssigned", 1) + " {}", "not JSON");
    }

    @Test
    void unknownEventTypeIsUnreadable() {
        assertUnreadable(envelope("IssueTeleported", 1), "unknown event type 'IssueTeleported'");
    }

    @Test
    void unknownVersionOfAKnownTypeIsUnreadable() {
        assertUnreadable(envelope("OwnerAssigned", 2), "unsupported version 2 of OwnerAssigned");
    }

    @Test
    void valueThatIsNotJsonIsUnreadable() {
        assertUnreadable("{not json at all", "not JSON");
    }

    @Test
    void envelopeWithoutEventIdIsUnreadable() {
        assertUnreadable(envelope("OwnerAssigned", 1).replace("\"eventId\":\"" + EVENT + "\",", ""),
                "'eventId' is missing");
    }

    @Test
    void payloadOfAnotherIssueIsUnreadable() {
        assertUnreadable(envelope("OwnerAssigned", 1).replace("\"payload\":{\"issueId\":\"" + ISSUE,
                        "\"payload\":{\"issueId\":\"" + UUID.randomUUID()),
                "differs from envelope issueId");
    }

    @Test
    void payloadWithAnUnknownEnumConstantIsUnreadable() {
        String envelope = """
                {"eventId":"%s","type":"PriorityChanged","version":1,"issueId":"%s","sequence":1,"globalPosition":1,
                 "occurredAt":"2026-11-21T10:00:00Z","recordedAt":"2026-11-21T10:00:00Z",
                 "payload":{"issueId":"%s","priority":"P9","occurredAt":"2026-11-21T10:00:00Z"}}
                """.formatted(EVENT, ISSUE, ISSUE);
        assertUnreadable(envelope, "payload is not a valid PriorityChanged");
    }

    private static String envelope(String type, int version) {
        return """
                {"eventId":"%s","type":"%s","version":%d,"issueId":"%s","sequence":1,"globalPosition":1,
                 "occurredAt":"2026-11-21T10:00:00Z","recordedAt":"2026-11-21T10:00:00Z",
                 "payload":{"issueId":"%s","owner":"bo","occurredAt":"2026-11-21T10:00:00Z"}}
                """.formatted(EVENT, type, version, ISSUE, ISSUE).replace("\n", "");
    }

    private void assertUnreadable(String value, String reason) {
        assertThatThrownBy(() -> reader.read(bytes(value)))
                .isInstanceOf(UnreadableRecord.class)
                .hasMessageContaining(reason);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
