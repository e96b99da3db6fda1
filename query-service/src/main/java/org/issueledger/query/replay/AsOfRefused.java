package org.issueledger.query.replay;

import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 400: an instant the service cannot yet answer "as of" without guessing. */
public class AsOfRefused extends ErrorResponseException {

    AsOfRefused(Instant asOf, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(asOf, detail), null);
    }

    private static ProblemDetail problem(Instant asOf, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Bad parameter");
        problem.setProperty("parameter", "asOf");
        problem.setProperty("asOf", asOf);
        return problem;
    }
}
