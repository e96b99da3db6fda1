package org.issueledger.command.issue;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.issueledger.command.idempotency.KeyReused;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The aggregate's refusals as problem+json. A refused command has appended nothing. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class IssueRefusals {

    @ExceptionHandler(IllegalTransition.class)
    ProblemDetail illegalTransition(IllegalTransition e) {
        return illegalTransitionProblem(e);
    }

    @ExceptionHandler(OccurredAtOutOfOrder.class)
    ProblemDetail outOfOrder(OccurredAtOutOfOrder e) {
        return outOfOrderProblem(e);
    }

    @ExceptionHandler(RuleViolated.class)
    ProblemDetail ruleViolated(RuleViolated e) {
        return ruleViolatedProblem(e);
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail unknownIssue(AggregateNotFoundException e) {
        return unknownIssueProblem(e);
    }

    /** Only a sender that chooses ids (an importer, the Kafka ingress) can hit this: the id is taken. */
    @ExceptionHandler(AggregateStreamCreationException.class)
    ProblemDetail alreadyExists(AggregateStreamCreationException e) {
        return alreadyExistsProblem();
    }

    /** Another writer appended to the same issue first, and the retries did not get through. */
    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrentModification(ConcurrencyException e) {
        return concurrentModificationProblem();
    }

    @ExceptionHandler(KeyReused.class)
    ProblemDetail keyReused(KeyReused e) {
        return keyReusedProblem(e);
    }

    // The problems themselves, shared with the Kafka ingress (IssueRequests.problemFor): one answer per refusal.

    static ProblemDetail illegalTransitionProblem(IllegalTransition e) {
        return problem(HttpStatus.CONFLICT, "Illegal transition", e);
    }

    static ProblemDetail outOfOrderProblem(OccurredAtOutOfOrder e) {
        return problem(HttpStatus.CONFLICT, "occurredAt goes backwards", e);
    }

    static ProblemDetail ruleViolatedProblem(RuleViolated e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "Rule violated", e);
    }

    static ProblemDetail unknownIssueProblem(AggregateNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No issue with id " + e.getAggregateIdentifier());
        problem.setTitle("Unknown issue");
        problem.setProperty("issueId", e.getAggregateIdentifier());
        return problem;
    }

    static ProblemDetail alreadyExistsProblem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "An issue with this id already exists");
        problem.setTitle("Issue exists");
        return problem;
    }

    static ProblemDetail concurrentModificationProblem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "The issue was changed concurrently; retry the command");
        problem.setTitle("Concurrent modification");
        return problem;
    }

    static ProblemDetail keyReusedProblem(KeyReused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("Idempotency-Key reused");
        return problem;
    }

    private static ProblemDetail problem(HttpStatus status, String title, CommandRefused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(title);
        return problem;
    }
}
