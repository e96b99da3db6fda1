package org.issueledger.command.assignment;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.issueledger.command.web.CommandContext;
import org.issueledger.events.assignment.AssignmentRule;
import org.issueledger.events.assignment.AssignmentRule.OwnerStrategy;
import org.issueledger.events.assignment.AssignmentRuleDefined;
import org.issueledger.events.assignment.AssignmentRuleRemoved;
import org.issueledger.events.issue.Priority;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Administration of the auto-assignment rules, their change history, and the issues no rule gave an owner. */
@RestController
@RequestMapping("/api/admin/assignment-rules")
@Validated
class AssignmentRuleController {

    private static final int NAME = 100;

    private final CommandGateway commands;
    private final AssignmentRules rules;
    private final AssignmentTables tables;
    private final EventStore eventStore;
    private final Clock clock;

    AssignmentRuleController(CommandGateway commands, AssignmentRules rules, AssignmentTables tables,
                             EventStore eventStore, Clock clock) {
        this.commands = commands;
        this.rules = rules;
        this.tables = tables;
        this.eventStore = eventStore;
        this.clock = clock;
    }

    /**
     * A rule as a whole. Criteria left out match anything; {@code strategy} defaults to FIXED when {@code owner} is
     * given, else NONE (team only); {@code order} defaults to after the last rule (create) or the rule's place
     * (replace); {@code enabled} defaults to true.
     */
    record RuleRequest(@NotBlank @Size(max = 200) String name, @Min(0) @Max(1_000_000) Integer order, Boolean enabled,
                       Set<@NotBlank @Size(max = NAME) String> categories,
                       Set<@NotBlank @Size(max = NAME) String> components,
                       Set<@NotBlank @Size(max = NAME) String> products, Set<Priority> priorities,
                       Set<@NotBlank @Size(max = NAME) String> sourceSystems,
                       @Size(max = 50) List<@NotBlank @Size(max = NAME) String> keywords,
                       @Size(max = NAME) String team, OwnerStrategy strategy, @Size(max = NAME) String owner,
                       @Size(max = 100) List<@NotBlank @Size(max = NAME) String> owners) {

        AssignmentRule toRule(UUID id) {
            OwnerStrategy chosen = strategy != null ? strategy : owner != null ? OwnerStrategy.FIXED : OwnerStrategy.NONE;
            return new AssignmentRule(id, name, order == null ? 0 : order, enabled == null || enabled, categories,
                    components, products, priorities, sourceSystems, keywords, team, chosen, owner, owners);
        }
    }

    @PostMapping
    ResponseEntity<AssignmentRule> create(@Valid @RequestBody RuleRequest body, HttpServletRequest http) {
        UUID id = UUID.randomUUID();
        define(body, id, false, http);
        return ResponseEntity.created(URI.create("/api/admin/assignment-rules/" + id)).body(get(id));
    }

    @GetMapping
    List<AssignmentRule> list() {
        return rules.all();
    }

    @GetMapping("/{id}")
    AssignmentRule get(@PathVariable UUID id) {
        return rules.byId(id).orElseThrow(() -> InvalidRule.unknown(id));
    }

    @PutMapping("/{id}")
    AssignmentRule replace(@PathVariable UUID id, @Valid @RequestBody RuleRequest body, HttpServletRequest http) {
        get(id);
        define(body, id, true, http);
        return get(id);
    }

    @PostMapping("/{id}/disable")
    AssignmentRule disable(@PathVariable UUID id, HttpServletRequest http) {
        return enable(id, false, http);
    }

    @PostMapping("/{id}/enable")
    AssignmentRule enable(@PathVariable UUID id, HttpServletRequest http) {
        return enable(id, true, http);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id, HttpServletRequest http) {
        get(id);
        commands.sendAndWait(new RemoveRule(RuleBook.BOOK, id, clock.instant(), CommandContext.of(http).actor()));
        return ResponseEntity.noContent().build();
    }

    /** Who changed the rule, when, from what to what: the rule book's events about it, oldest first. */
    @GetMapping("/{id}/history")
    List<Map<String, Object>> history(@PathVariable UUID id) {
        List<Map<String, Object>> changes = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(RuleBook.BOOK);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            Map<String, Object> change = new LinkedHashMap<>();
            if (message.getPayload() instanceof AssignmentRuleDefined e && e.rule().id().equals(id)) {
                change.put("change", e.previous() == null ? "CREATED" : "CHANGED");
                change.put("actor", e.actor());
                change.put("at", e.occurredAt());
                change.put("rule", e.rule());
                change.put("previous", e.previous());
            } else if (message.getPayload() instanceof AssignmentRuleRemoved e && e.rule().id().equals(id)) {
                change.put("change", "REMOVED");
                change.put("actor", e.actor());
                change.put("at", e.occurredAt());
                change.put("previous", e.rule());
            } else {
                continue;
            }
            change.put("sequence", message.getSequenceNumber());
            changes.add(change);
        }
        if (changes.isEmpty()) {
            throw InvalidRule.unknown(id);
        }
        return changes;
    }

    /** Open issues without an owner (no rule matched, or only a team rule), oldest first. */
    @GetMapping("/unassigned")
    List<Map<String, Object>> unassigned(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        Instant now = clock.instant();
        return tables.unassigned(limit).stream().map(row -> {
            Map<String, Object> issue = new LinkedHashMap<>();
            issue.put("issueId", row.issueId());
            issue.put("title", row.title());
            issue.put("category", row.category());
            issue.put("component", row.component());
            issue.put("priority", row.priority());
            issue.put("team", row.team());
            issue.put("sourceSystem", row.sourceSystem());
            issue.put("createdAt", row.createdAt());
            issue.put("ageSeconds", Math.max(0, now.getEpochSecond() - row.createdAt().getEpochSecond()));
            return issue;
        }).toList();
    }

    /** Open issues per owner, as least-loaded sees them. */
    @GetMapping("/owner-load")
    Map<String, Integer> ownerLoad() {
        return tables.allLoads();
    }

    private void define(RuleRequest body, UUID id, boolean mustExist, HttpServletRequest http) {
        commands.sendAndWait(new DefineRule(RuleBook.BOOK, body.toRule(id), body.order(), mustExist, clock.instant(),
                CommandContext.of(http).actor()));
    }

    private AssignmentRule enable(UUID id, boolean enabled, HttpServletRequest http) {
        get(id);
        commands.sendAndWait(new SetRuleEnabled(RuleBook.BOOK, id, enabled, clock.instant(),
                CommandContext.of(http).actor()));
        return get(id);
    }

    @ExceptionHandler(InvalidRule.class)
    ProblemDetail invalid(InvalidRule e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                e.unknown() ? HttpStatus.NOT_FOUND : HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle(e.unknown() ? "Unknown assignment rule" : "Invalid assignment rule");
        return problem;
    }

    /** The book does not exist yet: no rule was ever defined. */
    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail noRules(AggregateNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No assignment rule was defined yet");
        problem.setTitle("Unknown assignment rule");
        return problem;
    }
}
