package org.issueledger.query.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import org.issueledger.events.sla.SlaPolicy;
import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.consuming.ProjectionProgress;
import org.issueledger.query.replay.AsOfSnapshots;
import org.issueledger.query.web.UnknownIssue;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SLA read model's API. Every answer reads its freshness before its data, so the data is at least as fresh as
 * stated. "Now" (for running clocks and the at-risk list) is this service's clock, stated in each answer.
 */
@RestController
@RequestMapping("/api/sla")
class SlaController {

    private final SlaClocks clocks;
    private final Compliance compliance;
    private final WhatIf whatIf;
    private final PolicySnapshots policies;
    private final ProjectionProgress progress;
    private final AsOfSnapshots asOfSnapshots;
    private final Clock clock = Clock.systemUTC();

    SlaController(SlaClocks clocks, Compliance compliance, WhatIf whatIf, PolicySnapshots policies,
                  ProjectionProgress progress, AsOfSnapshots asOfSnapshots) {
        this.clocks = clocks;
        this.compliance = compliance;
        this.whatIf = whatIf;
        this.policies = policies;
        this.progress = progress;
        this.asOfSnapshots = asOfSnapshots;
    }

    @GetMapping("/issues/{id}")
    IssueSla issue(@PathVariable UUID id) {
        Freshness freshness = progress.freshness();
        Instant now = clock.instant();
        SlaClocks.Issue issue = clocks.issue(id).orElseThrow(() -> new UnknownIssue(id));
        List<IssueSla.Clock> answers = clocks.clocksOf(id).stream()
                .map(row -> new IssueSla.Clock(row.clock(), row.state(), row.policyId(), row.policyVersion(),
                        row.priority(), iso(row.target()), row.startedAt(), row.warningAt(), row.dueAt(),
                        iso(clocks.elapsedAt(row, now)), iso(clocks.pausedAt(row, now)),
                        iso(clocks.pausedWallAt(row, now)), row.pauses(), row.pausedSince(), row.pauseReason(),
                        row.warnedAt(), row.breachedAt(), row.stoppedAt()))
                .toList();
        return new IssueSla(id, issue.team(), issue.category(), issue.priority(), issue.policyId(),
                issue.policyVersion(), now, answers, freshness);
    }

    /** @param asOf the figures as they stood at that past instant: only events recorded by then count */
    @GetMapping("/compliance")
    ComplianceReport compliance(@RequestParam(required = false) String from,
                                @RequestParam(required = false) String to,
                                @RequestParam(required = false) String groupBy,
                                @RequestParam(required = false) String team,
                                @RequestParam(required = false) Instant asOf,
                                HttpServletResponse response) {
        Window window = Window.of(from, to);
        List<GroupBy> dimensions = SlaParameters.groupBy(groupBy);
        String teamFilter = SlaParameters.team(team);
        Freshness freshness = progress.freshness();

        ComplianceReport report = asOfSnapshots.answer(asOf, () -> {
            Figures total = compliance.measured(window, List.of(), teamFilter).getOrDefault(List.of(), Figures.NONE);
            ComplianceReport.Row totalRow = new ComplianceReport.Row(Map.of(), total.firstResponse(),
                    total.resolution());
            List<ComplianceReport.Row> rows = new ArrayList<>();
            if (dimensions.isEmpty()) {
                rows.add(totalRow);
            } else {
                compliance.measured(window, dimensions, teamFilter).forEach((key, figures) -> rows.add(
                        new ComplianceReport.Row(group(dimensions, key), figures.firstResponse(), figures.resolution())));
            }
            return new ComplianceReport(window.from(), window.to(), names(dimensions), teamFilter, totalRow, rows,
                    freshness);
        });
        if (asOf != null) {
            response.setHeader(AsOfSnapshots.HEADER, asOf.toString());
        }
        return report;
    }

    @GetMapping("/at-risk")
    AtRisk atRisk(@RequestParam(required = false) String limit, @RequestParam(required = false) String team) {
        int max = SlaParameters.limit(limit);
        String teamFilter = SlaParameters.team(team);
        Freshness freshness = progress.freshness();
        Instant now = clock.instant();
        List<AtRisk.Clock> answers = clocks.atRisk(now, teamFilter, max).stream()
                .map(row -> new AtRisk.Clock(row.issueId(), row.clock(), row.state(), row.team(), row.category(),
                        row.priority(), row.policyVersion(), iso(row.target()), row.warningAt(), row.dueAt(),
                        iso(clocks.elapsedAt(row, now)), !row.dueAt().isAfter(now)))
                .toList();
        return new AtRisk(now, teamFilter, max, answers, freshness);
    }

    @GetMapping("/what-if")
    WhatIfReport whatIf(@RequestParam(required = false) String policy,
                        @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to,
                        @RequestParam(required = false) String groupBy,
                        @RequestParam(required = false) String team) {
        Window window = Window.of(from, to);
        List<GroupBy> dimensions = SlaParameters.groupBy(groupBy);
        String teamFilter = SlaParameters.team(team);
        SlaPolicy hypothetical = policies.resolve(policy);
        Freshness freshness = progress.freshness();
        Instant now = clock.instant();

        Figures actualTotal = compliance.measured(window, List.of(), teamFilter).getOrDefault(List.of(), Figures.NONE);
        Figures whatIfTotal = whatIf.recomputed(window, List.of(), teamFilter, hypothetical, now)
                .getOrDefault(List.of(), Figures.NONE);
        WhatIfReport.Row total = WhatIfReport.Row.of(Map.of(), actualTotal, whatIfTotal);
        List<WhatIfReport.Row> rows = new ArrayList<>();
        if (dimensions.isEmpty()) {
            rows.add(total);
        } else {
            Map<List<String>, Figures> actual = compliance.measured(window, dimensions, teamFilter);
            Map<List<String>, Figures> recomputed = whatIf.recomputed(window, dimensions, teamFilter, hypothetical, now);
            TreeSet<List<String>> keys = new TreeSet<>(Compliance.KEY_ORDER);
            keys.addAll(actual.keySet());
            keys.addAll(recomputed.keySet());
            for (List<String> key : keys) {
                rows.add(WhatIfReport.Row.of(group(dimensions, key), actual.getOrDefault(key, Figures.NONE),
                        recomputed.getOrDefault(key, Figures.NONE)));
            }
        }
        return new WhatIfReport(hypothetical, window.from(), window.to(), names(dimensions), teamFilter, now, total,
                rows, freshness);
    }

    /** The policy versions seen so far, for what-if by version. */
    @GetMapping("/policies")
    PolicyList policies() {
        Freshness freshness = progress.freshness();
        return new PolicyList(policies.all(), freshness);
    }

    record PolicyList(List<PolicySnapshots.StoredPolicy> policies, Freshness freshness) {
    }

    private static Map<String, String> group(List<GroupBy> dimensions, List<String> key) {
        Map<String, String> group = new LinkedHashMap<>();
        for (int i = 0; i < dimensions.size(); i++) {
            group.put(dimensions.get(i).wireName(), key.get(i));
        }
        return group;
    }

    private static List<String> names(List<GroupBy> dimensions) {
        return dimensions.stream().map(GroupBy::wireName).toList();
    }

    private static String iso(Duration duration) {
        return duration == null ? null : duration.toString();
    }
}
