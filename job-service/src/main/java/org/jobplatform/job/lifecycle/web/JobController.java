package org.jobplatform.job.lifecycle.web;

import java.net.URI;
import java.util.UUID;

import org.jobplatform.contracts.JobState;
import org.jobplatform.job.lifecycle.Job;
import org.jobplatform.job.lifecycle.JobCommand;
import org.jobplatform.job.lifecycle.JobConflictException;
import org.jobplatform.job.lifecycle.JobService;
import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.web.ApiProblemException;
import org.jobplatform.starter.web.Names;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job API. A tenant user creates and sees only its own tenant's jobs; a host admin sees and stops every
 * tenant's jobs but creates none (a job belongs to a tenant). Another tenant's job answers 404, as if it did not
 * exist.
 */
@RestController
@RequestMapping(path = "/api/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
public class JobController {

    private static final int MAX_INPUT_CHARS = 64 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JobService jobs;

    public JobController(JobService jobs) {
        this.jobs = jobs;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Job>> create(@RequestBody(required = false) CreateJobRequest request) {
        return Caller.current().flatMap(caller -> {
            if (caller.tenantId() == null) {
                throw ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                        "A job belongs to a tenant: create it as a user of that tenant.");
            }
            if (request == null) {
                throw new IllegalArgumentException("the body is required: {\"processName\": \"...\"}");
            }
            String process = Names.check(request.processName(), "processName", true);
            String robot = Names.check(request.robotId(), "robotId", false);
            String input = request.inputArguments() == null ? null : JSON.writeValueAsString(request.inputArguments());
            if (input != null && input.length() > MAX_INPUT_CHARS) {
                throw new IllegalArgumentException("inputArguments is " + input.length()
                        + " characters of JSON; at most " + MAX_INPUT_CHARS + " are accepted");
            }
            return jobs.create(caller.tenantId(), process, robot, input);
        }).map(job -> ResponseEntity.created(URI.create("/api/jobs/" + job.id())).body(job));
    }

    @GetMapping
    public Flux<Job> list(@RequestParam(required = false) String state,
            @RequestParam(required = false, defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be from 1 to 1000, got " + limit);
        }
        JobState filter = state == null || state.isBlank() ? null : JobState.parse(state);
        return Caller.current().flatMapMany(caller -> jobs.list(scope(caller), filter, limit));
    }

    /** How many jobs are in each state: the caller's tenant's, or every tenant's for a host admin. */
    @GetMapping("/counts")
    public Mono<java.util.Map<String, Long>> counts() {
        return Caller.current().flatMap(caller -> jobs.counts(scope(caller)));
    }

    @GetMapping("/{id}")
    public Mono<Job> get(@PathVariable String id) {
        UUID jobId = jobId(id);
        return Caller.current().flatMap(caller -> jobs.find(jobId, scope(caller)))
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    @PostMapping("/{id}/stop")
    public Mono<Job> stop(@PathVariable String id) {
        return command(id, JobCommand.STOP);
    }

    @PostMapping("/{id}/kill")
    public Mono<Job> kill(@PathVariable String id) {
        return command(id, JobCommand.KILL);
    }

    @ExceptionHandler(JobConflictException.class)
    org.springframework.http.ProblemDetail conflict(JobConflictException e) {
        return ApiProblemException.of(HttpStatus.CONFLICT, "conflict", e.getMessage()).problem();
    }

    private Mono<Job> command(String id, JobCommand command) {
        UUID jobId = jobId(id);
        return Caller.current().flatMap(caller -> jobs.command(jobId, scope(caller), command))
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    private static String scope(Caller caller) {
        return caller.hostAdmin() ? null : caller.tenantId();
    }

    private static ApiProblemException notFound(String id) {
        return ApiProblemException.of(HttpStatus.NOT_FOUND, "not-found", "No job " + id + " in your tenant.");
    }

    private static UUID jobId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + id + "' is not a job id: job ids are UUIDs");
        }
    }
}
