package org.jobplatform.audit.logs.web;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jobplatform.audit.logs.LogService;
import org.jobplatform.audit.logs.WindowLog;
import org.jobplatform.audit.logs.WindowLogDetail;
import org.jobplatform.starter.security.Caller;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The maintenance logs: a tenant's windows newest first (paged with {@code page} from 0 and {@code size} up to 100;
 * the total is in {@code X-Total-Count} and the next and previous pages in {@code Link}), one window in full, and the
 * window's events as CloudEvents JSON (an array, or NDJSON lines with {@code Accept: application/x-ndjson}). Open
 * in every phase. A tenant user reads its own tenant's log; a host admin passes {@code tenantId}.
 */
@RestController
@RequestMapping("/api/maintenance/logs")
public class LogController {

    /** Media type of a stream of JSON lines. */
    public static final String NDJSON = "application/x-ndjson";

    private static final Set<String> LIST_PARAMETERS = Set.of("page", "size", "tenantId");
    private static final Set<String> WINDOW_PARAMETERS = Set.of("tenantId");
    private static final int DEFAULT_PAGE_SIZE = 20;

    private final LogService logs;

    public LogController(LogService logs) {
        this.logs = logs;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<List<WindowLog>>> list(ServerWebExchange exchange) {
        var query = exchange.getRequest().getQueryParams();
        QueryParameters.check(query, LIST_PARAMETERS);
        int page = QueryParameters.number(query.getFirst("page"), "page", 0, 0,
                Integer.MAX_VALUE / LogService.MAX_PAGE_SIZE);
        int size = QueryParameters.number(query.getFirst("size"), "size", DEFAULT_PAGE_SIZE, 1,
                LogService.MAX_PAGE_SIZE);
        String requested = query.getFirst("tenantId");
        return Caller.current().flatMap(caller -> {
            String tenant = LogService.tenantOf(caller, requested);
            return logs.page(tenant, page, size).map(result -> ResponseEntity.ok()
                    .header("X-Total-Count", Long.toString(result.total()))
                    .headers(h -> links(h, exchange, page, size, result.total()))
                    .body(result.windows()));
        });
    }

    @GetMapping(path = "/{windowId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<WindowLogDetail> window(@PathVariable String windowId, ServerWebExchange exchange) {
        var query = exchange.getRequest().getQueryParams();
        QueryParameters.check(query, WINDOW_PARAMETERS);
        String window = LogService.windowId(windowId);
        String requested = query.getFirst("tenantId");
        return Caller.current().flatMap(caller -> logs.detail(LogService.tenantOf(caller, requested), window))
                .switchIfEmpty(Mono.error(() -> LogService.notFound(window)));
    }

    @GetMapping(path = "/{windowId}/events", produces = MediaType.APPLICATION_JSON_VALUE)
    public Flux<Map<String, Object>> events(@PathVariable String windowId, ServerWebExchange exchange) {
        return windowEvents(windowId, exchange);
    }

    @GetMapping(path = "/{windowId}/events", produces = NDJSON)
    public Flux<Map<String, Object>> eventLines(@PathVariable String windowId, ServerWebExchange exchange) {
        return windowEvents(windowId, exchange);
    }

    private Flux<Map<String, Object>> windowEvents(String windowId, ServerWebExchange exchange) {
        var query = exchange.getRequest().getQueryParams();
        QueryParameters.check(query, WINDOW_PARAMETERS);
        String window = LogService.windowId(windowId);
        String requested = query.getFirst("tenantId");
        return Caller.current().flatMapMany(caller -> logs.events(LogService.tenantOf(caller, requested), window))
                .map(CloudEventsJson::of);
    }

    private static void links(HttpHeaders headers, ServerWebExchange exchange, int page, int size, long total) {
        StringBuilder link = new StringBuilder();
        if ((long) (page + 1) * size < total) {
            link.append(link(exchange, page + 1, size, "next"));
        }
        if (page > 0) {
            if (!link.isEmpty()) {
                link.append(", ");
            }
            link.append(link(exchange, Math.min(page - 1, (int) ((total - 1) / size)), size, "prev"));
        }
        if (!link.isEmpty()) {
            headers.set(HttpHeaders.LINK, link.toString());
        }
    }

    private static String link(ServerWebExchange exchange, int page, int size, String rel) {
        String uri = UriComponentsBuilder.fromPath(exchange.getRequest().getPath().value())
                .queryParams(exchange.getRequest().getQueryParams()).replaceQueryParam("page", page)
                .replaceQueryParam("size", size).build().toUriString();
        return "<" + uri + ">; rel=\"" + rel + "\"";
    }
}
