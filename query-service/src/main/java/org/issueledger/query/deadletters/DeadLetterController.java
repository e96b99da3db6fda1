package org.issueledger.query.deadletters;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.issueledger.query.consuming.DeadLetterResolution;
import org.issueledger.query.consuming.DeadLetterResolution.Outcome;
import org.issueledger.query.web.BadParameter;
import org.issueledger.query.web.QueryParameters;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Records the consumer set aside, and the operator's two answers: retry (after fixing the cause) or discard.
 * Either releases the records of the same issue that wait behind it, in order.
 */
@RestController
@RequestMapping("/api/admin/dead-letters")
class DeadLetterController {

    private static final Set<String> STATES = Set.of("DEAD", "HELD", "RETRIED", "RELEASED", "DISCARDED");

    private final DeadLetterList list;
    private final DeadLetterResolution resolution;

    DeadLetterController(DeadLetterList list, DeadLetterResolution resolution) {
        this.list = list;
        this.resolution = resolution;
    }

    /** @param state any of DEAD, HELD, RETRIED, RELEASED, DISCARDED; all when absent */
    @GetMapping
    DeadLetterList.DeadLetterPage page(@RequestParam(required = false) String issueId,
                                       @RequestParam(required = false) List<String> state,
                                       @RequestParam(required = false) String page,
                                       @RequestParam(required = false) String size) {
        if (issueId != null && !DeadLetterList.isIssueId(issueId)) {
            throw new BadParameter("issueId", "Parameter 'issueId' must be a UUID, got '" + issueId + "'");
        }
        List<String> states = state == null ? List.of() : state.stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
        states.stream().filter(s -> !STATES.contains(s)).findFirst().ifPresent(bad -> {
            throw BadParameter.notOneOf("state", bad, STATES.stream().sorted().toList());
        });
        return list.page(issueId, states, QueryParameters.wholeNumber("page", page, 0, 0, 1_000_000),
                QueryParameters.wholeNumber("size", size, 50, 1, 500));
    }

    @GetMapping("/{id}")
    DeadLetterList.DeadLetter one(@PathVariable long id) {
        return list.find(id).orElseThrow(() -> unknown(id));
    }

    /** Applies it again, then the records that wait behind it; 409 with the new reason if it is refused again. */
    @PostMapping("/{id}/retry")
    Outcome retry(@PathVariable long id) {
        return answer(resolution.retry(id));
    }

    /** Gives up on it (the row stays, marked DISCARDED) and applies the records that wait behind it. */
    @DeleteMapping("/{id}")
    Outcome discard(@PathVariable long id) {
        return answer(resolution.discard(id));
    }

    private static Outcome answer(Outcome outcome) {
        return switch (outcome.result()) {
            case RETRIED, DISCARDED -> outcome;
            case UNKNOWN -> throw unknown(outcome.id());
            case NOT_DEAD -> throw conflict("Not a dead letter", outcome.head() != null
                    ? "Dead letter #" + outcome.id() + " waits behind #" + outcome.head() + ": retry or discard that one"
                    : "Dead letter #" + outcome.id() + " is " + outcome.state() + " already", outcome);
            case STILL_REFUSED -> throw conflict("Still refused",
                    "Dead letter #" + outcome.id() + " was refused again and stays: " + outcome.error(), outcome);
            case REBUILD_RUNNING -> throw conflict("Rebuild running",
                    "A rebuild is replaying the log; dead letter #" + outcome.id() + " stays as it is until the rebuild"
                            + " has swapped in or failed (GET /api/admin/rebuilds)", outcome);
        };
    }

    private static ErrorResponseException unknown(long id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No dead letter with id " + id);
        problem.setTitle("Unknown dead letter");
        return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
    }

    private static ErrorResponseException conflict(String title, String detail, Outcome outcome) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
        problem.setTitle(title);
        problem.setProperty("deadLetter", outcome.id());
        problem.setProperty("state", outcome.state());
        if (outcome.head() != null) {
            problem.setProperty("waitingBehind", outcome.head());
        }
        return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }
}
