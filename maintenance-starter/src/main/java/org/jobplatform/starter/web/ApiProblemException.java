package org.jobplatform.starter.web;

import org.jobplatform.starter.security.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** An error with its problem detail, thrown by a service and rendered as problem+json. */
public class ApiProblemException extends RuntimeException {

    private final transient ProblemDetail problem;

    public ApiProblemException(ProblemDetail problem) {
        super(problem.getDetail());
        this.problem = problem;
    }

    /** A problem with a status, a type under {@code urn:jobplatform:problem:} and a detail. */
    public static ApiProblemException of(HttpStatus status, String type, String detail) {
        return new ApiProblemException(ProblemResponses.problem(status, type, detail));
    }

    /** Adds a property to the body. */
    public ApiProblemException with(String name, Object value) {
        problem.setProperty(name, value);
        return this;
    }

    public ProblemDetail problem() {
        return problem;
    }
}
