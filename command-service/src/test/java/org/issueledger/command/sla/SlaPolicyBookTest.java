package org.issueledger.command.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.SlaPolicy;
import org.issueledger.events.sla.SlaPolicyVersionDefined;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlaPolicyBookTest {

    private static final String BOOK = SlaPolicyBook.DEFAULT_BOOK;
    private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    private static final SlaPolicy V1 = SlaPolicy.defaults();

    private FixtureConfiguration<SlaPolicyBook> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SlaPolicyBook.class);
    }

    @Test
    void firstDefinitionIsVersionOne() {
        fixture.givenNoPriorActivity()
                .when(new DefineSlaPolicyVersion(BOOK, V1.targets(), 80, V1.ladder(), V1.calendar(), Instant.EPOCH, T0,
                        "system:config"))
                .expectEvents(new SlaPolicyVersionDefined(BOOK, V1, null, T0, "system:config"));
    }

    @Test
    void aNewVersionRecordsWhatItReplacesAndKeepsWhatItDoesNotChange() {
        Map<Priority, SlaPolicy.Targets> stricterP1 = Map.of(Priority.P1,
                new SlaPolicy.Targets(Duration.ofMinutes(30), Duration.ofHours(2)));
        Map<Priority, SlaPolicy.Targets> expectedTargets = new EnumMap<>(V1.targets());
        expectedTargets.putAll(stricterP1);
        SlaPolicy v2 = new SlaPolicy(V1.id(), 2, T0.plusSeconds(3600), expectedTargets, 75, V1.ladder(), V1.calendar());

        fixture.given(new SlaPolicyVersionDefined(BOOK, V1, null, T0, "system:config"))
                .when(new DefineSlaPolicyVersion(BOOK, stricterP1, 75, null, null, T0.plusSeconds(3600), T0, "ada"))
                .expectEvents(new SlaPolicyVersionDefined(BOOK, v2, V1, T0, "ada"));
    }

    @Test
    void aPolicyThatCannotBeMeasuredIsRefusedAndRecordsNothing() {
        fixture.given(new SlaPolicyVersionDefined(BOOK, V1, null, T0, "system:config"))
                .when(new DefineSlaPolicyVersion(BOOK, null, 120, null, null, null, T0, "ada"))
                .expectException(InvalidPolicy.class)
                .expectNoEvents();
    }
}
