package org.jobplatform.robot.link;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.jobplatform.contracts.Phase;
import org.jobplatform.robot.registry.RobotRegistry;
import org.jobplatform.robot.registry.RobotRegistry.CachedRobot;
import org.jobplatform.starter.MaintenanceProperties;
import org.jobplatform.starter.gate.MaintenanceGateFilter;
import org.jobplatform.starter.gate.RouteRules;
import org.jobplatform.starter.phase.EffectiveState;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.starter.security.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers the calls of robots whose credentials are cached ahead of the security chain, where the chain would only
 * reach the same answer at a far higher cost: a fleet calls in every few seconds, and the reactive chain cost more
 * than the rest of a heartbeat.
 * <ul>
 * <li>In SUSPENDED, any robot call is refused with the gate's own answer (503, {@code Retry-After}, the problem
 * body, the metric): a suspended fleet keeps calling back.</li>
 * <li>Otherwise a heartbeat ({@code POST /api/robot/heartbeat} with a JSON body, answered in JSON) that the gate
 * would let through is taken here: its body is read (413 beyond {@code spring.codec.max-in-memory-size}), checked
 * (400 problem+json), published and answered exactly as the controller does, with the security chain's headers.</li>
 * </ul>
 * Only a robot whose secret matches its cached hash is answered here; every other call (no Basic credentials, a
 * robot not cached, a wrong secret, a call the gate would refuse in DRAINING, another route, another media type)
 * goes on through the security chain and the gate as before, so a wrong secret is still 401 and a person still 403.
 */
@Component
public class CachedRobotsFilter implements WebFilter, Ordered {

    /** Before Spring Security's chain (order -100). */
    public static final int ORDER = -200;
    static final String HEARTBEAT = "/api/robot/heartbeat";
    private static final String ROBOT_PATHS = "/api/robot/";
    private static final String BASIC = "Basic ";
    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final Logger log = LoggerFactory.getLogger(CachedRobotsFilter.class);

    private final PhaseView view;
    private final RobotRegistry registry;
    private final MaintenanceGateFilter gate;
    private final Heartbeats heartbeats;
    private final JsonMapper json;
    private final int maxBodyBytes;
    private final boolean heartbeatsPassDraining;
    private final byte[] idleAnswer;
    private final Counter taken;

    public CachedRobotsFilter(PhaseView view, RobotRegistry registry, MaintenanceGateFilter gate, Heartbeats heartbeats,
            JsonMapper json, MaintenanceProperties maintenance,
            @Value("${spring.codec.max-in-memory-size:256KB}") DataSize maxBody, MeterRegistry meters) {
        this.view = view;
        this.registry = registry;
        this.gate = gate;
        this.heartbeats = heartbeats;
        this.json = json;
        this.maxBodyBytes = (int) Math.min(Integer.MAX_VALUE, maxBody.toBytes());
        // the gate's rule for a robot in DRAINING: refused when the route creates work or API access is restricted
        MaintenanceProperties.Gate rules = maintenance.getGate();
        this.heartbeatsPassDraining = !rules.isRestrictApiAccess()
                && !new RouteRules(rules.getWorkCreatingRoutes()).matches(HttpMethod.POST, HEARTBEAT);
        this.idleAnswer = json.writeValueAsBytes(heartbeats.idle());
        this.taken = heartbeatsCounter(meters, "cached-credentials");
    }

    /** The counter of heartbeats taken one way: {@code cached-credentials} (here) or {@code security-chain}. */
    static Counter heartbeatsCounter(MeterRegistry meters, String via) {
        return Counter.builder("robots.heartbeats").tag("via", via)
                .description("Heartbeats taken, by the way their robot was authenticated").register(meters);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().pathWithinApplication().value();
        if (!view.isCaughtUp() || !path.startsWith(ROBOT_PATHS)) {
            return chain.filter(exchange);
        }
        boolean heartbeat = isHeartbeat(request, path);
        Optional<CachedRobot> robot = cachedRobot(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION),
                tenant -> answeredHere(view.effectivePhase(tenant), heartbeat));
        if (robot.isEmpty()) {
            return chain.filter(exchange);
        }
        EffectiveState state = view.effective(robot.get().tenantId());
        if (state.phase() == Phase.SUSPENDED) {
            return gate.refuseSuspended(exchange, state);
        }
        // the phase may have changed since the check above: a call answered here is one the gate lets through
        return heartbeat && passesGate(state.phase()) ? heartbeat(exchange, robot.get()) : chain.filter(exchange);
    }

    private boolean answeredHere(Phase phase, boolean heartbeat) {
        return phase == Phase.SUSPENDED || (heartbeat && passesGate(phase));
    }

    /** Whether the gate lets a robot's heartbeat through in the phase (robots are never host admins). */
    private boolean passesGate(Phase phase) {
        return phase == Phase.NONE || (phase == Phase.DRAINING && heartbeatsPassDraining);
    }

    /** A call the heartbeat handler would take: the method, the path, a JSON body and a JSON answer. */
    private static boolean isHeartbeat(ServerHttpRequest request, String path) {
        return HttpMethod.POST.equals(request.getMethod()) && HEARTBEAT.equals(path)
                && jsonBody(request.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE))
                && acceptsJson(request.getHeaders());
    }

    private static boolean jsonBody(String contentType) {
        if (contentType == null) {
            return false;
        }
        if (contentType.equalsIgnoreCase(JSON)) {
            return true;
        }
        try {
            return MediaType.APPLICATION_JSON.includes(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    private static boolean acceptsJson(HttpHeaders headers) {
        List<String> accept = headers.getOrEmpty(HttpHeaders.ACCEPT);
        if (accept.isEmpty() || (accept.size() == 1
                && (accept.get(0).equalsIgnoreCase(JSON) || accept.get(0).equals(MediaType.ALL_VALUE)))) {
            return true;
        }
        try {
            return headers.getAccept().stream().anyMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** The robot named by Basic credentials, when they are cached and match and its tenant passes the test. */
    private Optional<CachedRobot> cachedRobot(String authorization, java.util.function.Predicate<String> onlyIf) {
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty()
                : registry.cachedRobot(decoded.substring(0, colon), decoded.substring(colon + 1), onlyIf);
    }

    /** Reads, checks, publishes and answers a heartbeat as {@link RobotLinkController#heartbeat} does. */
    private Mono<Void> heartbeat(ServerWebExchange exchange, CachedRobot robot) {
        taken.increment();
        ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .ifPresent(observed -> observed.setPathPattern(HEARTBEAT));
        Mono<Heartbeats.HeartbeatAnswer> answered = DataBufferUtils.join(exchange.getRequest().getBody(), maxBodyBytes)
                .map(this::read)
                .defaultIfEmpty(Optional.empty())
                .flatMap(body -> heartbeats.accept(robot.robotId(), robot.tenantId(), body.orElse(null)));
        return answered.map(answer -> respond(exchange, encode(answer)))
                .onErrorResume(e -> Mono.just(refuse(exchange, e)))
                .flatMap(response -> response);
    }

    private Optional<Heartbeats.Heartbeat> read(DataBuffer buffer) {
        byte[] body = new byte[buffer.readableByteCount()];
        buffer.read(body);
        DataBufferUtils.release(buffer);
        return Optional.ofNullable(json.readValue(body, Heartbeats.Heartbeat.class));
    }

    private byte[] encode(Heartbeats.HeartbeatAnswer answer) {
        return answer.commands().isEmpty() ? idleAnswer : json.writeValueAsBytes(answer);
    }

    private static Mono<Void> respond(ServerWebExchange exchange, byte[] body) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatus.OK);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentLength(body.length);
        secure(headers);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    /** The refusal the controller's path would give for the error, as problem+json. */
    private static Mono<Void> refuse(ServerWebExchange exchange, Throwable error) {
        ProblemDetail problem;
        if (error instanceof DataBufferLimitException) {
            problem = ProblemResponses.problem(HttpStatus.CONTENT_TOO_LARGE, "too-large",
                    "The request body is larger than this service accepts: " + error.getMessage());
        } else if (error instanceof JacksonException) {
            problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "bad-request",
                    "Failed to read HTTP message: " + error.getMessage());
        } else if (error instanceof IllegalArgumentException) {
            problem = ProblemResponses.problem(HttpStatus.BAD_REQUEST, "bad-request", error.getMessage());
        } else {
            log.error("unexpected error on POST {}", HEARTBEAT, error);
            problem = ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                    "The request could not be completed; the service log has the cause.");
        }
        secure(exchange.getResponse().getHeaders());
        return ProblemResponses.write(exchange, problem);
    }

    /** The headers Spring Security's chain writes on every answer it lets through. */
    private static void secure(HttpHeaders headers) {
        headers.set(HttpHeaders.CACHE_CONTROL, "no-cache, no-store, max-age=0, must-revalidate");
        headers.set(HttpHeaders.PRAGMA, "no-cache");
        headers.set(HttpHeaders.EXPIRES, "0");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        headers.set("X-XSS-Protection", "0");
        headers.set("Referrer-Policy", "no-referrer");
    }
}
