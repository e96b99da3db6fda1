package org.issueledger.query.web;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The read models know nothing of this issue: answered 404 as problem+json. */
public class UnknownIssue extends ErrorResponseException {

    public UnknownIssue(UUID issueId) {
        super(HttpStatus.NOT_FOUND, problem(issueId), null);
    }

    private static ProblemDetail problem(UUID issueId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No issue with id " + issueId + " is known here");
        problem.setTitle("Unknown issue");
        problem.setProperty("issueId", issueId);
        return problem;
    }
}
