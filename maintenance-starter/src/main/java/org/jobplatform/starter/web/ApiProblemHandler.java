package org.jobplatform.starter.web;

import java.net.URI;

import org.jobplatform.starter.security.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

/**
 * Maps errors to problem+json: bad input to 400 with the reason, refusals to 403, framework status errors to
 * their status, and anything unexpected to a 500 whose detail names no internals (the log has them).
 */
@RestControllerAdvice
// before Boot's problem-details handler, whose detail for an unreadable body ("Failed to read HTTP message") names
// no field; a controller's own @ExceptionHandler methods still come first
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblemHandler.class);

    @ExceptionHandler(ApiProblemException.class)
    ProblemDetail apiProblem(ApiProblemException e, ServerWebExchange exchange) {
        return withInstance(e.problem(), exchange);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException e, ServerWebExchange exchange) {
        return withInstance(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "bad-request", e.getMessage()), exchange);
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ProblemDetail invalidBody(WebExchangeBindException e, ServerWebExchange exchange) {
        String detail = e.getFieldErrors().stream().map(f -> f.getField() + ": " + f.getDefaultMessage())
                .reduce((a, b) -> a + "; " + b).orElse(e.getReason());
        return withInstance(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "bad-request", detail), exchange);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ProblemDetail unreadable(ServerWebInputException e, ServerWebExchange exchange) {
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof org.springframework.core.io.buffer.DataBufferLimitException) {
            return withInstance(ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE, "too-large",
                    "The request body is larger than this service accepts: " + cause.getMessage()), exchange);
        }
        String detail = e.getReason() + (cause != null && cause != e ? ": " + cause.getMessage() : "");
        return withInstance(ProblemResponses.problem(HttpStatus.BAD_REQUEST, "bad-request", detail), exchange);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e, ServerWebExchange exchange) {
        return withInstance(ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden", e.getMessage()), exchange);
    }

    @ExceptionHandler(ResponseStatusException.class)
    ProblemDetail status(ResponseStatusException e, ServerWebExchange exchange) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        return withInstance(ProblemResponses.problem(status, status.name().toLowerCase().replace('_', '-'),
                e.getReason() != null ? e.getReason() : status.getReasonPhrase()), exchange);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e, ServerWebExchange exchange) {
        log.error("unexpected error on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), e);
        return withInstance(ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "The request could not be completed; the service log has the cause."), exchange);
    }

    private static ProblemDetail withInstance(ProblemDetail problem, ServerWebExchange exchange) {
        problem.setInstance(URI.create(exchange.getRequest().getPath().value()));
        return problem;
    }
}
