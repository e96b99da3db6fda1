package org.issueledger.query.web;

import java.util.Collection;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A query parameter the read models cannot answer: 400 problem+json naming the parameter, in the shape the
 * web package gives a value of the wrong type ({@code parameter} property).
 */
public class BadParameter extends ErrorResponseException {

    public BadParameter(String parameter, String detail) {
        super(HttpStatus.BAD_REQUEST, problem(parameter, detail), null);
    }

    /** The value is not one of a closed set; the detail lists them. */
    public static BadParameter notOneOf(String parameter, String value, Collection<String> allowed) {
        return new BadParameter(parameter,
                "Parameter '" + parameter + "' must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }

    private static ProblemDetail problem(String parameter, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Bad parameter");
        problem.setProperty("parameter", parameter);
        return problem;
    }
}
