package org.issueledger.query.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.Priority;
import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real headless Chromium against the running service, fed through Kafka: the page must draw
 * its KPI tiles, the created-vs-closed chart, the TOP-10 list and the heat map from the public API. Skipped with a
 * message where no Chromium is installed (Debian: {@code apt-get install chromium}; or set {@code CHROMIUM}).
 * The screenshot lands in {@code target/dashboard.png} for a human to look at.
 */
class DashboardInBrowserTest extends QueryServiceTestSupport {

    @LocalServerPort
    int port;

    private final String team = IssueStory.freshTeam("ops");

    @Test
    void dashboardDrawsKpisTrendRankingsAndHeatMapFromTheApi() throws Exception {
        Optional<String> chromium = chromium();
        assumeTrue(chromium.isPresent(), "No Chromium found (PATH: chromium, chromium-browser, google-chrome; or "
                + "CHROMIUM=/path/to/browser): the dashboard's browser test is skipped");
        List<EventEnvelope> events = new ArrayList<>();
        julyStories().forEach(story -> events.addAll(story.events()));
        produce(events.toArray(EventEnvelope[]::new));
        eventually(() -> assertThat(kpis().get("total").get("closed").longValue()).isEqualTo(3));

        // The page takes its ANALYST key from the link's fragment (never sent to the server) and keeps it for the tab.
        String url = "http://localhost:" + port + "/?from=2031-07-01&to=2031-07-31&team=" + team + "#key=analyst-only";
        String dom = run(chromium.get(), "--dump-dom", url);
        run(chromium.get(), "--screenshot=" + Path.of("target", "dashboard.png").toAbsolutePath(), url);

        assertThat(dom).contains("class=\"chart\"", "<polyline class=\"created\"", "<polyline class=\"closed\"");
        assertThat(dom).contains("<table class=\"heat\"", "<table class=\"ranking\"");
        assertThat(dom).contains(">Created</div><div class=\"value\">6</div>");
        assertThat(dom).contains(">Closed</div><div class=\"value\">3</div>");
        assertThat(dom).contains(">email</td>", ">network</td>");
        assertThat(dom).doesNotContain("class=\"error\"");
        // The SLA panels show the SLA read model's figures, or say they are not available; never stuck loading.
        assertThat(dom).contains("id=\"sla-gauges\"", "id=\"sla-at-risk\"").doesNotContain("Loading…");
        assertThat(Path.of("target", "dashboard.png")).exists();
    }

    /** Three closed, one cancelled, two in work: six created in July 2031. */
    private List<IssueStory> julyStories() {
        return List.of(
                IssueStory.created("2031-07-01T09:00", "Mail queue stuck", "email", "smtp", Priority.P2, team)
                        .assigned("2031-07-01T09:10", "bo").acknowledged("2031-07-01T09:30")
                        .resolved("2031-07-02T09:00").closed("2031-07-02T12:00", 4),
                IssueStory.created("2031-07-03T09:00", "Mail queue stuck", "email", "smtp", Priority.P2, team)
                        .assigned("2031-07-03T09:10", "bo").resolved("2031-07-05T09:00").closed("2031-07-06T09:00", 5),
                IssueStory.created("2031-07-10T09:00", "VPN drops", "network", "vpn", Priority.P1, team)
                        .assigned("2031-07-10T09:05", "cy").escalated("2031-07-10T10:00")
                        .resolved("2031-07-11T09:00").closed("2031-07-12T09:00", 3),
                IssueStory.created("2031-07-15T09:00", "Printer offline", "hardware", "printer", Priority.P4, team)
                        .cancelled("2031-07-15T10:00", CancelReason.DUPLICATE),
                IssueStory.created("2031-07-20T09:00", "Disk full on db-7", "infrastructure", "storage", Priority.P2,
                        team).assigned("2031-07-20T09:10", "cy"),
                IssueStory.created("2031-07-28T09:00", "Mail queue stuck", "email", "smtp", Priority.P3, team));
    }

    private JsonNode kpis() {
        return http.get().uri("/api/kpis?from=2031-07-01&to=2031-07-31&team={team}", team)
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    /** Runs headless Chromium once and answers what it printed; virtual time lets the page's fetches finish. */
    private static String run(String chromium, String action, String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("dashboard-test-chromium");
        File output = Files.createTempFile("dashboard-test", ".html").toFile();
        try {
            Process process = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--hide-scrollbars", "--window-size=1400,1500",
                    "--virtual-time-budget=10000", "--user-data-dir=" + profile, action, url)
                    .redirectOutput(output)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Chromium did not finish within 60 s");
            }
            return Files.readString(output.toPath(), StandardCharsets.UTF_8);
        } finally {
            output.delete();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static Optional<String> chromium() {
        String configured = System.getenv("CHROMIUM");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Optional.of(configured);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String directory : path.split(File.pathSeparator)) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }
}
