package org.issueledger.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import javax.sql.DataSource;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.issueledger.command.CommandServiceTestSupport;
import org.issueledger.events.InstantText;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The engine builds the tracked rows its processors read itself, to read their time by hand: each must be Axon's —
 * the same token (gaps remembered for a row younger than the gap timeout, none for an older one, the first row's gaps
 * below it), the same row fields, the same time — for rows read one after the other across gaps in the global index.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrackedRowsTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "commands_copy");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventStorageEngine storageEngine;

    @Test
    void everyTrackedRowIsAxonsAcrossGapsOldAndRecentRowsAndTimesOfAnyForm() throws Exception {
        HashChainingEventStorageEngine engine = (HashChainingEventStorageEngine) storageEngine;
        long base = jdbc.queryForObject("select coalesce(max(global_index), 0) from domain_event_entry", Long.class) + 5;
        Random random = new Random(11);
        Instant recent = Instant.now();
        long index = base;
        for (int i = 0; i < 300; i++) {
            index += 1 + (random.nextInt(4) == 0 ? random.nextInt(30) : 0); // gaps, now and then
            // Old rows (no gaps kept), rows within the gap timeout, and times Axon writes without a fraction or with
            // nine digits; one in a while a time in a form only Axon's parser reads (an offset).
            Instant at = random.nextBoolean() ? Instant.parse("2013-04-11T13:41:30Z").plusMillis(random.nextInt(1_000_000_000))
                    : recent.minusMillis(random.nextInt(5_000));
            String text = random.nextInt(20) == 0 ? "2013-04-11T15:41:30.5+02:00"
                    : random.nextBoolean() ? InstantText.of(at) : at.toString();
            String issue = UUID.randomUUID().toString();
            String eventId = random.nextInt(10) == 0 ? issue : UUID.randomUUID().toString(); // Axon: not a domain event
            jdbc.update("insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                            + " event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)"
                            + " values (?, ?, 0, 'Issue', ?, ?, ?, ?, 'org.issueledger.events.issue.WorkStarted', ?)",
                    index, issue, eventId, "{\"actor\":\"ana\"}".getBytes(), ("{\"i\":" + i + "}").getBytes(),
                    random.nextBoolean() ? null : "1", text);
        }

        List<TrackedEventData<?>> mine = new ArrayList<>();
        List<TrackedEventData<?>> axons = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select * from domain_event_entry where global_index >= ? order by global_index")) {
            query.setLong(1, base);
            GapAwareTrackingToken mineBefore = null;
            GapAwareTrackingToken axonsBefore = null;
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    TrackedEventData<?> a = engine.getTrackedEventData(rows, mineBefore);
                    TrackedEventData<?> b = engine.axonsTrackedEventData(rows, axonsBefore);
                    mine.add(a);
                    axons.add(b);
                    mineBefore = (GapAwareTrackingToken) a.trackingToken();
                    axonsBefore = (GapAwareTrackingToken) b.trackingToken();
                }
            }
        }

        assertThat(mine).hasSize(300);
        for (int i = 0; i < mine.size(); i++) {
            TrackedEventData<?> a = mine.get(i);
            TrackedEventData<?> b = axons.get(i);
            assertThat(a.trackingToken()).as("token of row %d", i).isEqualTo(b.trackingToken());
            assertThat(a.getEventIdentifier()).isEqualTo(b.getEventIdentifier());
            assertThat(a.getTimestamp()).as("time of row %d", i).isEqualTo(b.getTimestamp());
            assertThat(a.getPayload().getType()).isEqualTo(b.getPayload().getType());
            assertThat((byte[]) a.getPayload().getData()).isEqualTo((byte[]) b.getPayload().getData());
            assertThat((byte[]) a.getMetaData().getData()).isEqualTo((byte[]) b.getMetaData().getData());
            assertThat(a).isInstanceOf(org.axonframework.eventhandling.TrackedDomainEventData.class);
            var ad = (org.axonframework.eventhandling.TrackedDomainEventData<?>) a;
            var bd = (org.axonframework.eventhandling.TrackedDomainEventData<?>) b;
            assertThat(ad.getAggregateIdentifier()).isEqualTo(bd.getAggregateIdentifier());
            assertThat(ad.getSequenceNumber()).isEqualTo(bd.getSequenceNumber());
            assertThat(ad.getType()).isEqualTo(bd.getType());
        }
        // The recent rows kept gaps, the old ones none: both branches were met.
        assertThat(mine.stream().map(d -> ((GapAwareTrackingToken) d.trackingToken()).getGaps().size()).distinct().count())
                .isGreaterThan(2);
    }
}
