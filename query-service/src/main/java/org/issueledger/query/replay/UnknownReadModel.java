package org.issueledger.query.replay;

import java.util.Collection;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** 400: a rebuild asked for a read model that does not exist. */
class UnknownReadModel extends ErrorResponseException {

    UnknownReadModel(String asked, Collection<String> known) {
        super(HttpStatus.BAD_REQUEST, problem(asked, known), null);
    }

    private static ProblemDetail problem(String asked, Collection<String> known) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Field 'readModels' must name read models among " + String.join(", ", known) + " or '" + Rebuilds.ALL
                        + "'; got " + asked);
        problem.setTitle("Unknown read model");
        problem.setProperty("field", "readModels");
        return problem;
    }
}
