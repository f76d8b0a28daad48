package org.jobplatform.robot.registry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.security.MachineCredentials;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Service;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Registers robots and checks their credentials. */
@Service
public class RobotRegistry implements MachineCredentials {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Robots whose credentials are kept in memory at most; beyond it the cache starts over. */
    static final int CACHE_LIMIT = 100_000;

    private final DatabaseClient db;
    private final Duration cacheTtl;
    private final Map<UUID, Known> known = new ConcurrentHashMap<>();

    public RobotRegistry(DatabaseClient db,
            @Value("${robots.credentials.cache-ttl:60s}") Duration cacheTtl) {
        this.db = db;
        this.cacheTtl = cacheTtl;
    }

    /**
     * A new robot and its secret, shown this once.
     *
     * @param robot  the robot
     * @param secret its secret
     */
    public record Registration(Robot robot, String secret) {
    }

    /** Registers a robot of a tenant; a name already taken in the tenant is a conflict. */
    public Mono<Registration> register(String tenantId, String name) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Robot robot = new Robot(UUID.randomUUID().toString(), tenantId, name, Instant.now());
        return db.sql("""
                insert into robot (robot_id, tenant_id, name, secret_hash, created_at)
                values (:id, :tenant, :name, :hash, :at)""")
                .bind("id", UUID.fromString(robot.robotId())).bind("tenant", tenantId).bind("name", name)
                .bind("hash", ByteBuffer.wrap(hash(secret))).bind("at", robot.createdAt().atOffset(ZoneOffset.UTC))
                .then()
                .onErrorMap(DataIntegrityViolationException.class,
                        e -> new RobotNameTakenException("A robot named '" + name + "' is already registered in tenant "
                                + tenantId + "."))
                .thenReturn(new Registration(robot, secret));
    }

    /** The robots of a tenant, or of all tenants for {@code null}. */
    public Flux<Robot> list(String tenantOrNull) {
        String where = tenantOrNull == null ? "" : " where tenant_id = :tenant";
        DatabaseClient.GenericExecuteSpec spec = db.sql(
                "select robot_id, tenant_id, name, created_at from robot" + where + " order by name");
        if (tenantOrNull != null) {
            spec = spec.bind("tenant", tenantOrNull);
        }
        return spec.map(RobotRegistry::read).all();
    }

    @Override
    public Mono<Authentication> authenticate(String name, String secret) {
        UUID id = robotId(name);
        if (id == null) {
            return Mono.empty();
        }
        Known cached = fresh(id);
        Mono<Known> robot = cached != null ? Mono.just(cached) : load(id);
        return robot.filter(r -> MessageDigest.isEqual(r.secretHash(), hash(secret)))
                .map(r -> UsernamePasswordAuthenticationToken.authenticated(id.toString(), null, List.of(
                        new SimpleGrantedAuthority(Caller.ROBOT_AUTHORITY),
                        new SimpleGrantedAuthority(Caller.TENANT_AUTHORITY_PREFIX + r.tenantId()))));
    }

    /**
     * A robot whose credentials were found in the cache and matched.
     *
     * @param robotId  its id, in canonical form (the name it acts under)
     * @param tenantId its tenant
     */
    public record CachedRobot(String robotId, String tenantId) {
    }

    /**
     * The robot named by these credentials when they are cached and match, without waiting for anything: empty when
     * the name is not a robot id, the robot is not cached (or its entry is older than the cache's time to live), its
     * tenant does not pass {@code onlyIf}, or the secret does not match. A caller that gets nothing goes through
     * {@link #authenticate} as usual.
     */
    public Optional<CachedRobot> cachedRobot(String name, String secret, Predicate<String> onlyIf) {
        UUID id = robotId(name);
        Known cached = id == null ? null : fresh(id);
        // the tenant is checked first: the secret's hash is computed only for a call that will be answered here
        if (cached == null || !onlyIf.test(cached.tenantId())
                || !MessageDigest.isEqual(cached.secretHash(), hash(secret))) {
            return Optional.empty();
        }
        return Optional.of(cached.robot());
    }

    private static UUID robotId(String name) {
        try {
            return UUID.fromString(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The cached credentials of a robot, or {@code null} when there are none younger than the time to live. */
    private Known fresh(UUID id) {
        Known cached = known.get(id);
        return cached != null && System.nanoTime() - cached.loadedAtNanos() < cacheTtl.toNanos() ? cached : null;
    }

    /**
     * A robot's credentials as last read: every robot call is authenticated, and reading them from PostgreSQL each
     * time cost more than the rest of a heartbeat. Only robots that exist are kept, so random ids cannot fill it.
     */
    private record Known(byte[] secretHash, CachedRobot robot, long loadedAtNanos) {

        String tenantId() {
            return robot.tenantId();
        }
    }

    private Mono<Known> load(UUID id) {
        return db.sql("select tenant_id, secret_hash from robot where robot_id = :id").bind("id", id)
                .map((row, meta) -> {
                    ByteBuffer stored = row.get("secret_hash", ByteBuffer.class);
                    byte[] bytes = new byte[stored.remaining()];
                    stored.get(bytes);
                    return new Known(bytes, new CachedRobot(id.toString(), row.get("tenant_id", String.class)),
                            System.nanoTime());
                })
                .one()
                .doOnNext(loaded -> {
                    if (known.size() >= CACHE_LIMIT) {
                        known.clear();
                    }
                    known.put(id, loaded);
                });
    }

    private static Robot read(Readable row) {
        return new Robot(row.get("robot_id", UUID.class).toString(), row.get("tenant_id", String.class),
                row.get("name", String.class), row.get("created_at", OffsetDateTime.class).toInstant());
    }

    private static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
