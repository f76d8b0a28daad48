package org.jobplatform.robot.registry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.jobplatform.starter.security.Caller;
import org.jobplatform.starter.security.MachineCredentials;
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

    private final DatabaseClient db;

    public RobotRegistry(DatabaseClient db) {
        this.db = db;
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
        UUID id;
        try {
            id = UUID.fromString(name);
        } catch (IllegalArgumentException e) {
            return Mono.empty();
        }
        return db.sql("select robot_id, tenant_id, name, created_at, secret_hash from robot where robot_id = :id")
                .bind("id", id)
                .map((row, meta) -> {
                    ByteBuffer stored = row.get("secret_hash", ByteBuffer.class);
                    byte[] bytes = new byte[stored.remaining()];
                    stored.get(bytes);
                    return java.util.Optional.of(read(row)).filter(r -> MessageDigest.isEqual(bytes, hash(secret)));
                })
                .one()
                .flatMap(Mono::justOrEmpty)
                .map(robot -> UsernamePasswordAuthenticationToken.authenticated(robot.robotId(), null, List.of(
                        new SimpleGrantedAuthority(Caller.ROBOT_AUTHORITY),
                        new SimpleGrantedAuthority(Caller.TENANT_AUTHORITY_PREFIX + robot.tenantId()))));
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
