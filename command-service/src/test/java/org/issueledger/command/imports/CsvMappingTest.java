package org.issueledger.command.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CsvMappingTest {

    static final String MAPPING = """
            source: helpdesk
            format: csv
            delimiter: ";"
            case: ticket
            timestamp: changed
            timestampPattern: "dd.MM.yyyy HH:mm"
            zone: Europe/Berlin
            state: status
            owner: assignee
            team: group
            priority: prio
            category: category
            actor: changed_by
            title: subject
            priorities: {urgent: P1, normal: P3}
            escalateToTeams: ".*-L2$"
            states:
              new: create
              assigned: assign
              working: start
              waiting: hold
              solved: resolve
              closed: close
              spam: cancel
              note: skip
            """;

    static final String CSV = """
            ticket;changed;status;assignee;group;prio;category;changed_by;subject
            T-1;30.03.2024 09:15;new;;desk;normal;printer;rita;"Printer jam; floor 2"
            T-1;31.03.2024 09:15;assigned;ana;desk;normal;printer;dispatch;
            T-2;01.04.2024 10:00;new;;desk;urgent;mail;"bo ""the boss""\";Mail down
            T-1;01.04.2024 11:00;solved;ana;desk;normal;printer;ana;
            """;

    @Test
    void patternAndZoneGiveTheInstantAcrossADaylightSavingChange() {
        ImportMapping mapping = ImportMapping.parse(MAPPING);
        assertThat(mapping.instant("30.03.2024 09:15")).isEqualTo(Instant.parse("2024-03-30T08:15:00Z"));
        assertThat(mapping.instant("31.03.2024 09:15")).as("CEST from 31 March").isEqualTo(Instant.parse("2024-03-31T07:15:00Z"));
    }

    @Test
    void rowsMapToEventsAndConsecutiveRowsOfACaseFormOneChunk() {
        try (LogReader reader = reader(CSV)) {
            SourceCase first = reader.next();
            assertThat(first.caseId()).isEqualTo("T-1");
            assertThat(first.events()).extracting(SourceEvent::index).containsExactly(0, 1);
            SourceEvent created = first.events().get(0);
            assertThat(created.title()).isEqualTo("Printer jam; floor 2");
            assertThat(created.state()).isEqualTo("new");
            assertThat(created.owner()).as("empty is none").isNull();
            assertThat(created.position()).isEqualTo("line 2");
            SourceCase second = reader.next();
            assertThat(second.caseId()).isEqualTo("T-2");
            assertThat(second.events().get(0).actor()).isEqualTo("bo \"the boss\"");
            SourceCase third = reader.next();
            assertThat(third.caseId()).isEqualTo("T-1");
            assertThat(third.events().get(0).index()).as("counted per case across chunks").isEqualTo(2);
            assertThat(third.events().get(0).position()).isEqualTo("line 5");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void badTimestampAndWrongFieldCountAreMalformedRecordsWithTheirLine() {
        String csv = CSV.replace("01.04.2024 10:00", "2024-04-01 10:00").replace("T-1;01.04.2024 11:00;solved;ana;desk;normal;printer;ana;",
                "T-1;01.04.2024 11:00;solved");
        try (LogReader reader = reader(csv)) {
            reader.next();
            SourceEvent badTime = reader.next().events().get(0);
            assertThat(badTime.position()).isEqualTo("line 4");
            assertThat(badTime.malformed()).isEqualTo("timestamp '2024-04-01 10:00' does not match the pattern dd.MM.yyyy HH:mm");
            SourceEvent short_ = reader.next().events().get(0);
            assertThat(short_.malformed()).isEqualTo("the row has 3 fields, the header 9");
        }
    }

    @Test
    void mappedColumnMissingFromTheHeaderIsRefusedBeforeAnythingIsRead() {
        String csv = CSV.replace("assignee", "owner");
        assertThatThrownBy(() -> reader(csv)).isInstanceOf(MalformedLog.class)
                .hasMessageStartingWith("line 1: the mapping names column 'assignee', which the header does not have");
    }

    @Test
    void mistakesInTheMappingAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> ImportMapping.parse(MAPPING + "colour: blue\n"))
                .hasMessageStartingWith("Unknown key 'colour'");
        assertThatThrownBy(() -> ImportMapping.parse(MAPPING.replace("note: skip", "note: vanish")))
                .hasMessageStartingWith("states.note: 'vanish' is not one of [create, assign, start");
        assertThatThrownBy(() -> ImportMapping.parse(MAPPING.replace("Europe/Berlin", "Mars/Olympus")))
                .hasMessageContaining("is not a time zone");
        assertThatThrownBy(() -> ImportMapping.parse(MAPPING.replace("case: ticket\n", "")))
                .hasMessage("Missing 'case' in the mapping");
        assertThatThrownBy(() -> ImportMapping.parse("source: [unclosed")).hasMessageStartingWith("The mapping is not valid YAML");
    }

    private static LogReader reader(String csv) {
        try {
            return LogReader.open(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), ImportMapping.parse(MAPPING),
                    ImportMapping.Format.CSV);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
