package org.issueledger.command.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.CommandServiceTestSupport.delete;
import static org.issueledger.command.CommandServiceTestSupport.get;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.issueledger.command.CommandServiceTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-assignment end to end on the real PostgreSQL: rules defined over HTTP, issues created over HTTP, the rule
 * processor reading the store and sending the assignments, the events read back from the store.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "issueledger.assignment.unassigned-escalate-after=3s",
        "issueledger.deadlines.polling-interval=200ms"})
class AssignmentRulesEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "commands_assignment");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    EventProcessingConfiguration processing;

    /** Each test uses categories of its own, so rules left by another test never match its issues. */
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> rules = new ArrayList<>();

    @AfterEach
    void removeRules() throws Exception {
        for (String rule : rules) {
            delete(port, "/api/admin/assignment-rules/" + rule);
        }
    }

    @Test
    void aMatchingRuleAssignsTeamAndOwnerAsSystemRulesWithItsIdAndWhoDefinedItIsRecorded() throws Exception {
        String catchAllOfThisTest = rule("""
                {"name":"later","order":900,"categories":["mail-%s"],"team":"helpdesk","owner":"zed"}""".formatted(tag), "ada");
        String mail = rule("""
                {"name":"mail","order":100,"categories":["MAIL-%s"],"keywords":["down"],"team":"messaging","owner":"mo"}"""
                .formatted(tag), "ada");

        UUID issue = create("Mail server DOWN", "mail-" + tag, "smtp", "P2", "monitoring");
        JsonNode assigned = awaitEvent(issue, "OwnerAssigned");
        assertThat(assigned.path("actor").asString()).isEqualTo("system:rules");
        assertThat(assigned.path("payload").path("owner").asString()).isEqualTo("mo");
        assertThat(assigned.path("payload").path("ruleId").asString()).isEqualTo(mail);
        JsonNode team = awaitEvent(issue, "TeamAssigned");
        assertThat(team.path("payload").path("team").asString()).isEqualTo("messaging");
        assertThat(team.path("payload").path("previousTeam").asString()).isEqualTo("ops");
        assertThat(team.path("payload").path("ruleId").asString()).isEqualTo(mail);

        // Without the keyword the first rule does not match: the second (higher order) does.
        UUID other = create("Mail is slow", "mail-" + tag, "smtp", "P3", "monitoring");
        assertThat(awaitEvent(other, "OwnerAssigned").path("payload").path("ruleId").asString())
                .isEqualTo(catchAllOfThisTest);

        JsonNode history = json.readTree(get(port, "/api/admin/assignment-rules/" + mail + "/history").body());
        assertThat(history.get(0).path("change").asString()).isEqualTo("CREATED");
        assertThat(history.get(0).path("actor").asString()).isEqualTo("ada");
    }

    @Test
    void roundRobinDealsInTurnAndADisabledRuleIsSkipped() throws Exception {
        String rr = rule("""
                {"name":"rr","order":10,"categories":["rr-%s"],"strategy":"ROUND_ROBIN","owners":["ana","bo","cy"]}"""
                .formatted(tag), "ada");
        List<String> owners = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID issue = create("Printer " + i, "rr-" + tag, null, "P3", "crm");
            owners.add(awaitEvent(issue, "OwnerAssigned").path("payload").path("owner").asString());
        }
        assertThat(owners).containsExactly("ana", "bo", "cy", "ana");

        assertThat(post(port, "/api/admin/assignment-rules/" + rr + "/disable", "").statusCode()).isEqualTo(200);
        UUID skipped = create("Printer again", "rr-" + tag, null, "P3", "crm");
        awaitEvent(skipped, "IssueEscalated");
        assertThat(types(skipped)).doesNotContain("OwnerAssigned");
    }

    @Test
    void leastLoadedPicksTheOwnerWithFewestOpenIssues() throws Exception {
        String ana = "ana-" + tag;
        String bo = "bo-" + tag;
        // Two issues for ana, one for bo, assigned by a person; one of ana's is resolved, so no longer open.
        List<UUID> busy = new ArrayList<>();
        for (String owner : List.of(ana, ana, bo)) {
            UUID issue = create("Busy", "busy-" + tag, null, "P4", "crm");
            assertThat(post(port, "/api/issues/" + issue + "/assign", "{\"owner\":\"" + owner + "\"}").statusCode())
                    .isEqualTo(200);
            busy.add(issue);
        }
        assertThat(post(port, "/api/issues/" + busy.get(0) + "/resolve",
                "{\"resolutionCode\":\"FIXED\",\"solutionSummary\":\"done\"}").statusCode()).isEqualTo(200);
        awaitLoad(ana, 1);
        awaitLoad(bo, 1);
        String ll = rule("""
                {"name":"ll","categories":["ll-%s"],"strategy":"LEAST_LOADED","owners":["%s","%s"]}"""
                .formatted(tag, bo, ana), "ada");

        // bo 1, ana 1: a tie goes to the first listed (bo); then bo 2, ana 1 → ana; then 2 and 2 → bo
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            UUID issue = create("Disk full " + i, "ll-" + tag, null, "P2", "monitoring");
            JsonNode assigned = awaitEvent(issue, "OwnerAssigned");
            assertThat(assigned.path("payload").path("ruleId").asString()).isEqualTo(ll);
            chosen.add(assigned.path("payload").path("owner").asString());
        }
        assertThat(chosen).containsExactly(bo, ana, bo);
    }

    @Test
    void issuesTheProcessorReadsInOneBatchAreDealtAsIfOneByOne() throws Exception {
        String x = "x-" + tag;
        String y = "y-" + tag;
        rule("""
                {"name":"ll-batch","categories":["batch-%s"],"strategy":"LEAST_LOADED","owners":["%s","%s"]}"""
                .formatted(tag, x, y), "ada");
        // With the processor stopped, everything below waits in the store and is then read as one batch: each
        // issue must see the loads the ones before it left, and the reclassified one its new category.
        EventProcessor processor = processing.eventProcessor(AssignmentProcessor.PROCESSING_GROUP).orElseThrow();
        processor.shutDown();
        List<UUID> issues = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                issues.add(create("Queue " + i, "batch-" + tag, null, "P3", "crm"));
            }
            UUID moved = create("Filed elsewhere first", "other-" + tag, null, "P3", "crm");
            assertThat(post(port, "/api/issues/" + moved + "/reclassify",
                    "{\"category\":\"batch-" + tag + "\"}").statusCode()).isEqualTo(200);
            issues.add(moved);
        } finally {
            processor.start();
        }
        List<String> owners = new ArrayList<>();
        for (UUID issue : issues) {
            owners.add(awaitEvent(issue, "OwnerAssigned").path("payload").path("owner").asString());
        }
        // 0 and 0: the first listed; then 1 and 0; 1 and 1; 2 and 1.
        assertThat(owners).containsExactly(x, y, x, y);
    }

    @Test
    void aReclassifiedIssueIsEvaluatedAgain() throws Exception {
        String network = rule("""
                {"name":"net","categories":["net-%s"],"components":["dns"],"team":"network","owner":"nina"}"""
                .formatted(tag), "ada");
        UUID issue = create("Cannot resolve hosts", "other-" + tag, null, "P3", "crm");
        assertThat(types(issue)).doesNotContain("OwnerAssigned");
        assertThat(post(port, "/api/issues/" + issue + "/reclassify",
                "{\"category\":\"net-" + tag + "\",\"component\":\"dns\"}").statusCode()).isEqualTo(200);
        JsonNode assigned = awaitEvent(issue, "OwnerAssigned");
        assertThat(assigned.path("payload").path("owner").asString()).isEqualTo("nina");
        assertThat(assigned.path("payload").path("ruleId").asString()).isEqualTo(network);
        assertThat(assigned.path("actor").asString()).isEqualTo("system:rules");
    }

    @Test
    void anUnmatchedIssueStaysOpenIsListedAndIsEscalatedAfterTheConfiguredAge() throws Exception {
        rule("""
                {"name":"someone else's","categories":["elsewhere-%s"],"owner":"zed"}""".formatted(tag), "ada");
        Instant before = Instant.now();
        UUID issue = create("Nobody's problem", "lonely-" + tag, null, "P4", "crm");

        // Listed once the rule processor has seen the creation (it runs behind the command, asynchronously).
        Instant listedBy = Instant.now().plus(WAIT);
        while (!json.readTree(get(port, "/api/admin/assignment-rules/unassigned?limit=1000").body())
                .findValuesAsString("issueId").contains(issue.toString())) {
            assertThat(Instant.now()).as("listed as unassigned in time").isBefore(listedBy);
            Thread.sleep(100);
        }

        JsonNode escalated = awaitEvent(issue, "IssueEscalated");
        assertThat(escalated.path("actor").asString()).isEqualTo("system:rules");
        assertThat(escalated.path("payload").path("level").asInt()).isEqualTo(1);
        Instant at = Instant.parse(escalated.path("occurredAt").asString());
        assertThat(at).isAfterOrEqualTo(before.plusSeconds(3));
        assertThat(types(issue)).doesNotContain("OwnerAssigned");
        assertThat(typesCount(issue, "IssueEscalated")).isEqualTo(1);
    }

    @Test
    void anIssueAssignedInTimeIsNotEscalated() throws Exception {
        UUID issue = create("Handled quickly", "quick-" + tag, null, "P4", "crm");
        assertThat(post(port, "/api/issues/" + issue + "/assign", "{\"owner\":\"ana\"}").statusCode()).isEqualTo(200);
        Thread.sleep(4_500);
        assertThat(types(issue)).doesNotContain("IssueEscalated");
    }

    @Test
    void badRulesAreRefusedWithProblemDetailsAndChangeNothing() throws Exception {
        int before = json.readTree(get(port, "/api/admin/assignment-rules").body()).size();
        HttpResponse<String> nothingToDo = post(port, "/api/admin/assignment-rules", "{\"name\":\"idle\"}");
        assertThat(nothingToDo.statusCode()).isEqualTo(422);
        assertThat(json.readTree(nothingToDo.body()).path("title").asString()).isEqualTo("Invalid assignment rule");
        HttpResponse<String> badStrategy = post(port, "/api/admin/assignment-rules",
                "{\"name\":\"x\",\"strategy\":\"RANDOM\",\"owners\":[\"a\"]}");
        assertThat(badStrategy.statusCode()).isEqualTo(400);
        assertThat(post(port, "/api/admin/assignment-rules/" + UUID.randomUUID() + "/disable", "").statusCode())
                .isEqualTo(404);
        assertThat(json.readTree(get(port, "/api/admin/assignment-rules").body()).size()).isEqualTo(before);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    private String rule(String body, String actor) throws Exception {
        HttpResponse<String> response = post(port, "/api/admin/assignment-rules", body, "X-API-Key", actor + "-key");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String id = json.readTree(response.body()).path("id").asString();
        rules.add(id);
        return id;
    }

    private UUID create(String title, String category, String component, String priority, String source)
            throws Exception {
        String body = """
                {"title":"%s","category":"%s",%s"priority":"%s","reporter":"rita","team":"ops"}"""
                .formatted(title, category, component == null ? "" : "\"component\":\"" + component + "\",", priority);
        HttpResponse<String> response = post(port, "/api/issues", body, "X-Source-System", source);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UUID.fromString(json.readTree(response.body()).path("issueId").asString());
    }

    private List<JsonNode> events(UUID issue) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        json.readTree(get(port, "/api/issues/" + issue + "/events").body()).path("events").forEach(events::add);
        return events;
    }

    private List<String> types(UUID issue) throws Exception {
        return events(issue).stream().map(e -> e.path("type").asString()).toList();
    }

    private long typesCount(UUID issue, String type) throws Exception {
        return types(issue).stream().filter(type::equals).count();
    }

    private JsonNode awaitEvent(UUID issue, String type) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode event : events(issue)) {
                if (event.path("type").asString().equals(type)) {
                    return event;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No " + type + " on issue " + issue + " within " + WAIT + ": " + types(issue));
    }

    private void awaitLoad(String owner, int openIssues) throws Exception {
        Predicate<JsonNode> reached = load -> load.path(owner).asInt(-1) == openIssues;
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            if (reached.test(json.readTree(get(port, "/api/admin/assignment-rules/owner-load").body()))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Load of " + owner + " never reached " + openIssues);
    }
}
