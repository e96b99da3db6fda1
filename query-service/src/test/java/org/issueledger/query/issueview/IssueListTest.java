package org.issueledger.query.issueview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.Priority;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/issues}: filters, text search, paging and sorting over the issue view. */
class IssueListTest extends QueryServiceTestSupport {

    @Autowired
    IssueViewProjection projection;

    @Autowired
    IssueList list;

    private final String team = IssueStory.freshTeam("ops");

    @Test
    void filtersCombineAndMultipleValuesMeanAnyOfThem() {
        tellFiveIssues();

        assertThat(titles("status=OPEN,ASSIGNED")).containsExactly("Printer offline", "Disk full on db-7");
        assertThat(titles("status=open&status=assigned")).containsExactly("Printer offline", "Disk full on db-7");
        assertThat(titles("priority=P2")).containsExactly("VPN flaps", "Disk full on db-7");
        assertThat(titles("category=infrastructure&owner=bo")).containsExactly("Disk slow on db-9", "Disk full on db-7");
        assertThat(titles("category=infrastructure&status=RESOLVED")).containsExactly("Disk slow on db-9");
        // Unassigned: still OPEN and nobody owns it (no auto-assignment rule matched)
        assertThat(titles("unassigned=true")).containsExactly("Printer offline");
        assertThat(titles("unassigned=false&status=OPEN")).isEmpty();
    }

    @Test
    void textSearchFindsWordsInTitleOrDescription() {
        tellFiveIssues();

        assertThat(titles("q=disk")).containsExactly("Disk slow on db-9", "Disk full on db-7");
        assertThat(titles("q=mail")).containsExactly("Printer offline", "Mail server down");
        assertThat(titles("q=disk full")).containsExactly("Disk full on db-7");
        assertThat(titles("q=disk -full")).containsExactly("Disk slow on db-9");
        assertThat(titles("q=\"server down\"")).containsExactly("Mail server down");
        assertThat(titles("q=nothing-like-this")).isEmpty();
        assertThat(titles("q=:*|!('")).isEmpty();
    }

    @Test
    void textSearchReadsTheSamePageWhetherItWalksTheListOrFetchesEveryMatch() {
        tellFiveIssues();

        for (String q : List.of("disk", "mail", "disk -full", "\"server down\"", "described")) {
            for (String sort : List.of("createdAt,desc", "title,asc", "priority,desc")) {
                for (String page : List.of("0", "1")) {
                    IssueListQuery query = IssueListQuery.of(null, team, null, null, null, null, q, page, "2", sort);
                    long counted = list.count(query).counted();
                    // walked: as if the table held no other issue; fetched: as if it held very many
                    List<IssueSummary> walked = list.page(query, new IssueList.Matches(counted, 0));
                    List<IssueSummary> fetched = list.page(query, new IssueList.Matches(counted, 1L << 40));
                    assertThat(walked).as(q + " " + sort + " page " + page).isEqualTo(fetched);
                    assertThat(walked.stream().map(IssueSummary::title).toList())
                            .isEqualTo(titles("q=" + q + "&sort=" + sort + "&page=" + page + "&size=2"));
                }
            }
        }
        assertThat(list.count(IssueListQuery.of(null, team, null, null, null, null, "described", null, null, null))
                .counted()).isEqualTo(4);
    }

    @Test
    void aTextSearchCountsExactlyUpToAThousandMatchesAndBeyondAnswersAtLeastAThousandWithPagesGoingOn() {
        String word = freshWord();
        String other = freshWord();
        List<ConsumedEvent> created = new ArrayList<>();
        LocalDateTime first = LocalDateTime.parse("2031-07-01T00:00");
        for (int i = 0; i < IssueListQuery.TEXT_COUNTED_UP_TO; i++) {
            IssueStory.created(first.plusMinutes(i).toString(), "Alert " + word + " " + i, "monitoring", null,
                    Priority.P3, team).events().forEach(event -> created.add(IssueTimeline.consumed(event)));
        }
        IssueStory newest = IssueStory.created("2031-07-02T12:00", "Alert " + other, "monitoring", null, Priority.P3,
                team);
        newest.events().forEach(event -> created.add(IssueTimeline.consumed(event)));
        projection.applyAll(created);

        // a thousand: counted exactly
        JsonNode thousand = list("q=" + word + "&size=50");
        assertThat(thousand.get("totalItems").longValue()).isEqualTo(1_000);
        assertThat(thousand.get("totalItemsExact").booleanValue()).isTrue();
        assertThat(thousand.get("totalPages").longValue()).isEqualTo(20);
        assertThat(titles(thousand)).hasSize(50).first().isEqualTo("Alert " + word + " 999");
        // one more: at least a thousand
        JsonNode more = list("q=" + word + " or " + other + "&size=50");
        assertThat(more.get("totalItems").longValue()).isEqualTo(1_000);
        assertThat(more.get("totalItemsExact").booleanValue()).isFalse();
        assertThat(more.get("totalPages").longValue()).isEqualTo(20);
        assertThat(titles(more)).hasSize(50).startsWith("Alert " + other, "Alert " + word + " 999");
        // pages go on beyond the counted total, to the last match
        assertThat(titles(list("q=" + word + " or " + other + "&size=50&page=20")))
                .containsExactly("Alert " + word + " 0");
        // the same 1,001 issues without a text search: counted exactly, as any list up to 10,000
        JsonNode all = list("size=50");
        assertThat(all.get("totalItems").longValue()).isEqualTo(1_001);
        assertThat(all.get("totalItemsExact").booleanValue()).isTrue();
        assertThat(all.get("totalPages").longValue()).isEqualTo(21);
    }

    @Test
    void aTextSearchWithMoreMatchesThanCountedReadsTheSamePagesAsFetchingEveryMatch() {
        String word = freshWord();
        List<ConsumedEvent> created = new ArrayList<>();
        LocalDateTime first = LocalDateTime.parse("2031-08-01T00:00");
        for (int i = 0; i <= IssueListQuery.TEXT_COUNTED_UP_TO; i++) {
            // every third one matches, the others are what a walk reads past
            String title = i % 3 == 0 ? "Alert " + word + " " + i : "Notice " + i;
            IssueStory.created(first.plusMinutes(i).toString(), title, "monitoring", null,
                    i % 2 == 0 ? Priority.P2 : Priority.P4, team).events()
                    .forEach(event -> created.add(IssueTimeline.consumed(event)));
        }
        for (int i = 0; i < 1_000; i++) {
            IssueStory.created(first.plusDays(1).plusMinutes(i).toString(), "Alert " + word + " late " + i,
                    "monitoring", null, Priority.P3, team).events()
                    .forEach(event -> created.add(IssueTimeline.consumed(event)));
        }
        projection.applyAll(created);

        for (String sort : List.of("createdAt,desc", "createdAt,asc", "priority,desc")) {
            for (String page : List.of("0", "7", "26")) {
                IssueListQuery query = IssueListQuery.of(null, team, null, null, null, null, word, page, "50", sort);
                IssueList.Matches matches = list.count(query);
                assertThat(matches.counted()).isEqualTo(IssueListQuery.TEXT_COUNTED_UP_TO + 1);
                List<IssueSummary> fetchedEvery = list.page(query, new IssueList.Matches(1, 1L << 40));
                assertThat(list.page(query, matches)).as(sort + " page " + page).isEqualTo(fetchedEvery);
                // a walk stopped before it fills the page says so, by a short page: then every match is fetched
                assertThat(list.walkedAtMost(query, 40)).as(sort + " page " + page).hasSizeLessThan(50);
            }
        }
    }

    @Test
    void pagesAreBoundedAndStable() {
        tellFiveIssues();

        JsonNode first = list("size=2&page=0&sort=createdAt,asc");
        assertThat(titles(first)).containsExactly("Disk full on db-7", "Mail server down");
        assertThat(first.get("totalItems").longValue()).isEqualTo(5);
        assertThat(first.get("totalItemsExact").booleanValue()).isTrue();
        assertThat(first.get("totalPages").longValue()).isEqualTo(3);
        assertThat(first.get("sort").stringValue()).isEqualTo("createdAt,asc");
        assertThat(titles(list("size=2&page=1&sort=createdAt,asc"))).containsExactly("Printer offline",
                "Disk slow on db-9");
        assertThat(titles(list("size=2&page=2&sort=createdAt,asc"))).containsExactly("VPN flaps");
        assertThat(titles(list("size=2&page=3&sort=createdAt,asc"))).isEmpty();
        assertThat(list("").get("size").intValue()).isEqualTo(50);
    }

    @Test
    void sortsOnWhitelistedFieldsOnly() {
        tellFiveIssues();

        assertThat(titles("sort=title")).containsExactly("Disk full on db-7", "Disk slow on db-9", "Mail server down",
                "Printer offline", "VPN flaps");
        assertThat(titles("sort=priority,asc&size=2&status=OPEN,ASSIGNED,IN_PROGRESS"))
                .containsExactly("Mail server down", "Disk full on db-7");
        assertThat(titles("sort=owner,desc&status=ASSIGNED,IN_PROGRESS"))
                .containsExactly("Mail server down", "Disk full on db-7");
    }

    @Test
    void csvAnswerHasOneLinePerIssueOfThePage() {
        IssueStory printer = IssueStory.created("2031-06-03T10:00", "=cmd|' /C calc'!A0, \"printer\"", "facilities",
                null, Priority.P3, team);
        tell(printer);

        String csv = http.get().uri("/api/issues?team={team}&format=csv", team)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                .expectHeader().exists("X-Pending-Events")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(csv).isEqualTo("issueId,title,status,priority,category,component,team,owner,escalationLevel,"
                + "reopenCount,createdAt,resolvedAt,closedAt,lastOccurredAt\r\n"
                + printer.issueId() + ",\"'=cmd|' /C calc'!A0, \"\"printer\"\"\",OPEN,P3,facilities,," + team
                + ",,0,0,2031-06-03T10:00:00Z,,,2031-06-03T10:00:00Z\r\n");
    }

    @Test
    void badParametersAreAnswered400NamingTheParameter() {
        assertBadQuery("size=201", "size");
        assertBadQuery("size=0", "size");
        assertBadQuery("size=many", "size");
        assertBadQuery("page=-1", "page");
        assertBadQuery("page=50&size=200", "page");
        assertBadQuery("sort=description", "sort");
        assertBadQuery("sort=title,up", "sort");
        assertBadQuery("status=DONE", "status");
        assertBadQuery("priority=P9", "priority");
        assertBadQuery("unassigned=maybe", "unassigned");
        assertBadQuery("format=xlsx", "format");
    }

    /** Created a day apart from 2031-06-01 in this order. */
    private void tellFiveIssues() {
        tell(IssueStory.created("2031-06-01T10:00", "Disk full on db-7", "infrastructure", "storage", Priority.P2, team)
                        .assigned("2031-06-01T10:05", "bo"),
                IssueStory.created("2031-06-02T10:00", "Mail server down", "email", "smtp", Priority.P1, team)
                        .assigned("2031-06-02T10:05", "cy").started("2031-06-02T10:10"),
                IssueStory.created("2031-06-03T10:00", "Printer offline", "facilities", null, Priority.P3, team)
                        .commented("2031-06-03T11:00"),
                IssueStory.created("2031-06-04T10:00", "Disk slow on db-9", "infrastructure", "storage", Priority.P3,
                        team).assigned("2031-06-04T10:05", "bo").resolved("2031-06-04T12:00"),
                IssueStory.created("2031-06-05T10:00", "VPN flaps", "network", "vpn", Priority.P2, team)
                        .cancelled("2031-06-05T11:00", CancelReason.FALSE_REPORT));
        // The printer's description mentions mail; IssueStory describes every issue as "described".
        jdbc.sql("UPDATE issue_view SET description = 'Prints nothing, mail says error' WHERE title = 'Printer offline'"
                + " AND team = :team").param("team", team).update();
    }

    /** A word no other issue has: letters only, so the text search's parser keeps it one word. */
    private static String freshWord() {
        StringBuilder word = new StringBuilder("qz");
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private void tell(IssueStory... stories) {
        for (IssueStory story : stories) {
            story.events().forEach(event -> projection.apply(IssueTimeline.consumed(event)));
        }
    }

    private JsonNode list(String query) {
        return http.get().uri("/api/issues?team={team}&" + query, team)
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private List<String> titles(String query) {
        return titles(list(query));
    }

    private static List<String> titles(JsonNode page) {
        List<String> titles = new ArrayList<>();
        page.get("items").forEach(item -> titles.add(item.get("title").stringValue()));
        return titles;
    }

    private void assertBadQuery(String query, String parameter) {
        assertBadParameter("/api/issues?" + query, parameter);
    }
}
