package org.issueledger.query.replay;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 409: two rebuilds would race to swap the same tables, so a second waits for the first to end. */
class RebuildRunning extends ErrorResponseException {

    RebuildRunning() {
        super(HttpStatus.CONFLICT, problem(), null);
    }

    private static ProblemDetail problem() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                "A rebuild is running already; follow it at GET /api/admin/rebuilds and start this one when it ends");
        problem.setTitle("Rebuild running");
        return problem;
    }
}
