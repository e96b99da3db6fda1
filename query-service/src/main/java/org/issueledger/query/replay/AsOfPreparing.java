package org.issueledger.query.replay;

import java.time.Instant;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * 202 with Retry-After: the figures as of that instant are being replayed and are not ready yet. Not an
 * error: the same request answered later returns them.
 */
public class AsOfPreparing extends ErrorResponseException {

    AsOfPreparing(Instant asOf, long done, Long total) {
        super(HttpStatus.ACCEPTED, problem(asOf, done, total), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
    }

    private static ProblemDetail problem(Instant asOf, long done, Long total) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.ACCEPTED,
                "The figures as of " + asOf + " are being replayed from the audit trail (" + done + " of "
                        + (total == null ? "?" : total) + " events); ask again shortly");
        problem.setTitle("Figures being prepared");
        problem.setProperty("asOf", asOf);
        problem.setProperty("eventsDone", done);
        problem.setProperty("eventsTotal", total);
        return problem;
    }
}
