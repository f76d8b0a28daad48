package org.jobplatform.audit.logs;

import java.util.List;
import java.util.UUID;

import org.jobplatform.audit.journal.JournalEntry;
import org.jobplatform.audit.journal.persistence.JournalStore;
import org.jobplatform.audit.logs.persistence.LogQueries;
import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.Scope;
import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.web.ApiProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who reads which log, and the reads themselves. The tenant comes from the caller's identity: a tenant user reads its
 * own tenant's log only; a host admin names the tenant. A window another tenant owns, or a host window of a tenant the
 * audit does not know, is not found (404), so a guessed id tells nothing. Each request reads one consistent snapshot
 * of the live generation, so a replay's swap never mixes two generations in one answer.
 */
@Service
public class LogService {

    /** Most windows per page. */
    public static final int MAX_PAGE_SIZE = 100;

    private final LogQueries queries;
    private final JournalStore journal;
    private final TransactionalOperator snapshot;

    public LogService(LogQueries queries, JournalStore journal, ReactiveTransactionManager transactions) {
        this.queries = queries;
        this.journal = journal;
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        definition.setReadOnly(true);
        this.snapshot = TransactionalOperator.create(transactions, definition);
    }

    /**
     * A page of a tenant's log.
     *
     * @param windows the page, newest first
     * @param total   how many windows the log holds
     */
    public record Page(List<WindowLog> windows, long total) {
    }

    /** The tenant whose log the caller reads: its own, or the one a host admin names. */
    public static String tenantOf(Caller caller, String requestedTenant) {
        if (requestedTenant != null) {
            Scope.tenant(requestedTenant);
        }
        if (caller.hostAdmin()) {
            if (requestedTenant == null) {
                throw new IllegalArgumentException("tenantId is required for a host admin: the logs are per tenant,"
                        + " e.g. ?tenantId=acme");
            }
            return requestedTenant;
        }
        if (caller.tenantId() == null) {
            throw ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                    "The maintenance logs are per tenant, and your identity names no tenant.");
        }
        if (requestedTenant != null && !requestedTenant.equals(caller.tenantId())) {
            throw ApiProblemException.of(HttpStatus.FORBIDDEN, "forbidden",
                    "tenantId is for host admins: a tenant user reads its own tenant's log; leave tenantId out.");
        }
        return caller.tenantId();
    }

    /** Checks a window id from a path: the platform's window ids are UUIDs. */
    public static String windowId(String value) {
        try {
            UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a window id: window ids are UUIDs");
        }
        if (value.length() != 36) {
            throw new IllegalArgumentException("'" + value + "' is not a window id: window ids are UUIDs");
        }
        return value;
    }

    /** A page of the tenant's log, newest first. */
    public Mono<Page> page(String tenantId, int page, int size) {
        Mono<Page> read = queries.liveGeneration().flatMap(generation -> queries.count(generation, tenantId)
                .flatMap(total -> queries.page(generation, tenantId, (long) page * size, size).collectList()
                        .map(windows -> new Page(windows, total))));
        return snapshot.transactional(read);
    }

    /** One window of the tenant's log in full; empty when the tenant may not see it. */
    public Mono<WindowLogDetail> detail(String tenantId, String windowId) {
        Mono<WindowLogDetail> read = queries.liveGeneration().flatMap(generation -> queries
                .window(generation, tenantId, windowId)
                .flatMap(found -> Mono.zip(
                        queries.jobs(generation, tenantId, windowId, JobState.STOPPED.name()).collectList(),
                        queries.jobs(generation, tenantId, windowId, JobState.KILLED.name()).collectList(),
                        queries.skips(generation, tenantId, windowId).collectList())
                        .map(lists -> {
                            WindowLog log = found.log();
                            return new WindowLogDetail(log.windowId(), log.scope(), log.tenantId(), log.startedAt(),
                                    log.endedAt(), log.reason(), log.phases(), log.summary(), lists.getT1(),
                                    lists.getT2(), lists.getT3());
                        })));
        return snapshot.transactional(read);
    }

    /** The tenant's events of the window, in order; an error (404) when the tenant may not see the window. */
    public Flux<JournalEntry> events(String tenantId, String windowId) {
        Mono<LogQueries.Found> found = snapshot.transactional(queries.liveGeneration()
                .flatMap(generation -> queries.window(generation, tenantId, windowId)));
        return found.switchIfEmpty(Mono.error(() -> notFound(windowId)))
                .flatMapMany(window -> journal.windowEvents(tenantId, windowId, window.endEventId()));
    }

    /** The 404 of a window the tenant may not see, worded the same whether or not it exists. */
    public static ApiProblemException notFound(String windowId) {
        return ApiProblemException.of(HttpStatus.NOT_FOUND, "not-found",
                "No maintenance window " + windowId + " in your tenant's log.");
    }
}
