package org.issueledger.command.webhooks;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import io.swagger.v3.oas.annotations.Operation;
import org.issueledger.command.web.CommandContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
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

/** Administration of webhook subscriptions and their delivery log. */
@RestController
@RequestMapping("/api/admin/webhooks")
class WebhookController {

    private final Subscriptions subscriptions;
    private final Outbox outbox;
    private final Clock clock;
    private final WebhookTargets targets;

    WebhookController(Subscriptions subscriptions, Outbox outbox, Clock clock, WebhookTargets targets) {
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.clock = clock;
        this.targets = targets;
    }

    record DeliveryLog(UUID subscriptionId, List<Outbox.Delivery> deliveries) {
    }

    @Operation(summary = "Subscribe a URL to events",
            description = "url (http/https), eventTypes (wire names such as IssueEscalated, SlaWarningReached, "
                    + "SlaBreached, OwnerAssigned, IssueResolved, and IssueReminder), optional filter {teams, priorities}, "
                    + "secret (16–256 characters, write-only), description. Events stored from now on are delivered. "
                    + "201 with the subscription (never its secret) and its Location; 400 problem+json naming each "
                    + "wrong field in 'errors'.")
    @PostMapping
    ResponseEntity<Subscription> create(@RequestBody SubscriptionRequest request, HttpServletRequest http) {
        valid(request, true);
        Subscription created = subscriptions.create(request, CommandContext.of(http).actor(), clock.instant());
        return ResponseEntity.created(URI.create("/api/admin/webhooks/" + created.id())).body(created);
    }

    @Operation(summary = "Every webhook subscription", description = "Oldest first; secrets are never shown.")
    @GetMapping
    List<Subscription> list() {
        return subscriptions.list();
    }

    @Operation(summary = "One webhook subscription",
            description = "Status (ACTIVE | PAUSED and why), consecutive failures, pending deliveries. 404 if unknown.")
    @GetMapping("/{id}")
    Subscription get(@PathVariable UUID id) {
        return subscriptions.find(id).orElseThrow(() -> new UnknownSubscription(id));
    }

    @Operation(summary = "Replace a subscription's URL, event types, filter and description",
            description = "The same body as create; leave out secret to keep the current one. Waiting deliveries "
                    + "keep their place and go to the new URL, signed with the secret in force when sent. "
                    + "400 problem+json for a bad body (nothing changes), 404 if unknown.")
    @PutMapping("/{id}")
    Subscription replace(@PathVariable UUID id, @RequestBody SubscriptionRequest request) {
        valid(request, false);
        return subscriptions.replace(id, request, clock.instant()).orElseThrow(() -> new UnknownSubscription(id));
    }

    @Operation(summary = "Delete a subscription", description = "Its waiting deliveries and its log go with it. 204; 404 if unknown.")
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        if (!subscriptions.delete(id)) {
            throw new UnknownSubscription(id);
        }
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Pause a subscription",
            description = "Nothing is sent while paused; matching events keep being queued and wait. 404 if unknown.")
    @PostMapping("/{id}/pause")
    Subscription pause(@PathVariable UUID id, HttpServletRequest http) {
        return subscriptions.pause(id, "paused by " + CommandContext.of(http).actor(), clock.instant())
                .orElseThrow(() -> new UnknownSubscription(id));
    }

    @Operation(summary = "Resume a subscription",
            description = "Also after an automatic pause: the failure count starts again at 0 and the deliveries "
                    + "that waited are sent now, oldest first. 404 if unknown.")
    @PostMapping("/{id}/resume")
    Subscription resume(@PathVariable UUID id) {
        return subscriptions.resume(id, clock.instant()).orElseThrow(() -> new UnknownSubscription(id));
    }

    @Operation(summary = "A subscription's delivery log",
            description = "Newest first: each delivery's event, status (PENDING | DELIVERED), attempts, next attempt, "
                    + "last status code and error, and the log of every attempt (time, duration, status code, error). "
                    + "status filters, limit 1–500 (default 50). 404 if unknown.")
    @GetMapping("/{id}/deliveries")
    DeliveryLog deliveries(@PathVariable UUID id, @RequestParam(required = false) Outbox.DeliveryStatus status,
                           @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        if (subscriptions.find(id).isEmpty()) {
            throw new UnknownSubscription(id);
        }
        return new DeliveryLog(id, outbox.deliveries(id, status, limit));
    }

    private void valid(SubscriptionRequest request, boolean create) {
        if (request == null) {
            throw new InvalidSubscription(Map.of("body", "required"));
        }
        Map<String, String> problems = request.problems(create, targets);
        if (!problems.isEmpty()) {
            throw new InvalidSubscription(problems);
        }
    }

    @ExceptionHandler(InvalidSubscription.class)
    ProblemDetail invalid(InvalidSubscription e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid request");
        problem.setProperty("errors", e.errors);
        return problem;
    }

    @ExceptionHandler(UnknownSubscription.class)
    ProblemDetail unknown(UnknownSubscription e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Unknown webhook subscription");
        return problem;
    }

    static final class InvalidSubscription extends RuntimeException {
        final Map<String, String> errors;

        InvalidSubscription(Map<String, String> errors) {
            super(String.join(", ", errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList()),
                    null, false, false);
            this.errors = errors;
        }
    }

    static final class UnknownSubscription extends RuntimeException {
        UnknownSubscription(UUID id) {
            super("No webhook subscription " + id, null, false, false);
        }
    }
}
