package org.issueledger.command.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.media.Schema;
import org.issueledger.events.EventType;

/**
 * The body of a create (POST) or a replace (PUT). On a replace the secret may be left out to keep the
 * current one: no client can send it back, since it is never shown.
 */
record SubscriptionRequest(
        @Schema(description = "http(s) URL the deliveries are POSTed to; no user:password part", example = "https://chat.example.com/hooks/issueledger")
        String url,
        @Schema(description = "wire names of the events to deliver, and/or IssueReminder", example = "[\"IssueEscalated\",\"SlaBreached\",\"IssueReminder\"]")
        List<String> eventTypes,
        @Schema(description = "optional: only issues of these teams / priorities (empty or absent = all)")
        Subscription.Filter filter,
        @Schema(description = "HMAC-SHA256 key, 16–256 characters; write-only (never returned). Required on create, optional on update (absent = keep)",
                accessMode = Schema.AccessMode.WRITE_ONLY)
        String secret,
        String description) {

    static final Set<String> DELIVERABLE_TYPES = deliverableTypes();

    private static final int MAX_URL = 2000;
    private static final int MIN_SECRET = 16;
    private static final int MAX_SECRET = 256;
    private static final int MAX_LIST = 50;
    private static final int MAX_TEAM = 100;
    private static final int MAX_DESCRIPTION = 500;

    /** Never print the secret, whoever logs a request. */
    @Override
    public String toString() {
        return "SubscriptionRequest[url=" + url + ", eventTypes=" + eventTypes + ", filter=" + filter + "]";
    }

    /** What is wrong with it, field by field; empty when it can be stored. */
    Map<String, String> problems(boolean secretRequired, WebhookTargets targets) {
        Map<String, String> problems = new TreeMap<>();
        urlProblem(targets).ifPresent(problem -> problems.put("url", problem));
        if (eventTypes == null || eventTypes.isEmpty()) {
            problems.put("eventTypes", "at least one event type is required, from " + DELIVERABLE_TYPES);
        } else if (eventTypes.size() > MAX_LIST) {
            problems.put("eventTypes", "at most " + MAX_LIST + " entries");
        } else {
            List<String> unknown = eventTypes.stream().filter(type -> !DELIVERABLE_TYPES.contains(type)).toList();
            if (!unknown.isEmpty()) {
                problems.put("eventTypes", "unknown event types " + unknown + "; known: " + DELIVERABLE_TYPES);
            }
        }
        if (filter != null) {
            if (filter.teams().size() > MAX_LIST || filter.priorities().size() > MAX_LIST) {
                problems.put("filter", "at most " + MAX_LIST + " teams and priorities");
            } else if (filter.teams().stream().anyMatch(t -> t == null || t.isBlank() || t.length() > MAX_TEAM)) {
                problems.put("filter.teams", "each team must be 1–" + MAX_TEAM + " characters");
            } else if (filter.priorities().stream().anyMatch(p -> p == null)) {
                problems.put("filter.priorities", "null is not a priority");
            }
        }
        if (secret == null ? secretRequired : secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
            problems.put("secret", (secretRequired ? "required, " : "") + MIN_SECRET + "–" + MAX_SECRET + " characters");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            problems.put("description", "at most " + MAX_DESCRIPTION + " characters");
        }
        return problems;
    }

    List<String> distinctEventTypes() {
        return List.copyOf(new LinkedHashSet<>(eventTypes));
    }

    Subscription.Filter filterOrNone() {
        if (filter == null) {
            return Subscription.Filter.NONE;
        }
        return new Subscription.Filter(List.copyOf(new LinkedHashSet<>(filter.teams())),
                List.copyOf(new LinkedHashSet<>(filter.priorities())));
    }

    private Optional<String> urlProblem(WebhookTargets targets) {
        if (url == null || url.isBlank()) {
            return Optional.of("required");
        }
        if (url.length() > MAX_URL) {
            return Optional.of("at most " + MAX_URL + " characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return Optional.of("must be an absolute http or https URL with a host");
            }
            // The URL is shown by GET; credentials belong in the secret, not in it.
            if (uri.getUserInfo() != null) {
                return Optional.of("must not contain user:password");
            }
            if (uri.getFragment() != null) {
                return Optional.of("must not contain a #fragment");
            }
            return targets.urlProblem(uri);
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL: " + e.getReason());
        }
    }

    private static Set<String> deliverableTypes() {
        Set<String> types = Arrays.stream(EventType.values()).map(EventType::wireName)
                .collect(Collectors.toCollection(TreeSet::new));
        types.add(Reminders.TYPE);
        return Collections.unmodifiableSet(types);
    }
}
