package org.issueledger.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Policy versions are effective-dated and never rewrite a measurement already made. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SlaPolicyAdministrationTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "commands_sla_admin");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void newVersionAppliesToIssuesFromItsEffectiveDateAndLeavesEarlierOnesAlone() throws Exception {
        JsonNode seeded = json.readTree(get("/api/admin/sla/policies").body());
        assertThat(seeded.path("versions").get(0).path("version").asInt()).isEqualTo(1);
        int next = seeded.path("versions").size() + 1;

        UUID before = create("2026-05-01T09:00:00Z");

        HttpResponse<String> defined = post(port, "/api/admin/sla/policies", """
                {"targets":{"P1":{"firstResponse":"PT30M","resolution":"PT2H"}},
                 "effectiveFrom":"2026-06-01T00:00:00Z"}""", "X-API-Key", "ada-key");
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(201);
        assertThat(json.readTree(defined.body()).path("version").asInt()).isEqualTo(next);

        UUID after = create("2026-06-02T09:00:00Z");
        UUID importedFromMay = create("2026-05-15T09:00:00Z");

        assertThat(firstResponseTarget(before)).isEqualTo("PT1H");
        assertThat(firstResponseTarget(importedFromMay)).isEqualTo("PT1H");
        assertThat(firstResponseTarget(after)).isEqualTo("PT30M");
        assertThat(json.readTree(get("/api/admin/sla/policies/in-force?at=2026-06-02T00:00:00Z").body())
                .path("version").asInt()).isEqualTo(next);
    }

    @Test
    void holidaysImportedFromICalendarBecomeANewVersionOfTheCalendar() throws Exception {
        HttpResponse<String> imported = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/admin/sla/policies/holidays?until=2027-12-31"))
                .header("Content-Type", "text/calendar")
                .header("X-API-Key", "ada-key")
                .POST(HttpRequest.BodyPublishers.ofString(org.issueledger.command.sla.HolidaysTestFeed.FEED)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        JsonNode holidays = json.readTree(imported.body()).path("calendar").path("holidays");
        List<String> days = new ArrayList<>();
        holidays.forEach(day -> days.add(day.asString()));
        assertThat(days).contains("2026-10-03", "2026-12-25", "2027-12-26");
    }

    @Test
    void invalidPolicyIsRefusedAndRecordsNothing() throws Exception {
        long before = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        HttpResponse<String> tooLate = post(port, "/api/admin/sla/policies", "{\"warningPercent\":150}");
        assertThat(tooLate.statusCode()).isIn(400, 422);
        HttpResponse<String> badZone = post(port, "/api/admin/sla/policies", """
                {"calendar":{"name":"office","zone":"Mars/Olympus","week":{"MONDAY":[{"start":"09:00","end":"17:00"}]}}}""");
        assertThat(badZone.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badZone.body()).path("detail").asString()).contains("Mars/Olympus");
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class)).isEqualTo(before);
    }

    private UUID create(String occurredAt) throws Exception {
        HttpResponse<String> response = post(port, "/api/issues", """
                {"title":"Payments down","category":"payments","priority":"P1","reporter":"rita","occurredAt":"%s"}"""
                .formatted(occurredAt));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UUID.fromString(json.readTree(response.body()).path("issueId").asString());
    }

    private String firstResponseTarget(UUID issueId) throws Exception {
        JsonNode events = json.readTree(get("/api/issues/" + issueId + "/events").body()).path("events");
        for (JsonNode event : events) {
            if (event.path("type").asString().equals("SlaClockStarted")
                    && event.path("payload").path("clock").asString().equals("FIRST_RESPONSE")) {
                return event.path("payload").path("target").asString();
            }
        }
        throw new AssertionError("No first-response clock in " + events);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("X-API-Key", "e2e-key").build(), HttpResponse.BodyHandlers.ofString());
    }
}
