package org.jobplatform.job.robots;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jobplatform.contracts.RobotHeartbeatReceived;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The robots job-service knows from their heartbeats. A robot is connected while its last heartbeat is within the
 * connected timeout of the newest heartbeat read; only connected robots get new jobs.
 */
@Repository
public class RobotPresence {

    /**
     * A connected robot and its room.
     *
     * @param robotId  the robot
     * @param capacity how many jobs it runs at once
     * @param load     jobs it has: started, stopping, or sent and not yet started
     */
    public record Connected(String robotId, int capacity, long load) {

        /** How many more jobs it can take. */
        public long free() {
            return Math.max(0, capacity - load);
        }
    }

    /**
     * SQL for "connected" against the newest heartbeat read rather than the clock: if heartbeats are read late (a
     * busy consumer), every robot looks late alike, and none is taken for gone. Binds {@code :timeout} (seconds).
     */
    public static final String CUTOFF = "(select max(last_seen) from robot_presence) - make_interval(secs => :timeout)";

    private final DatabaseClient db;
    private final Duration connectedTimeout;

    public RobotPresence(DatabaseClient db,
            @Value("${jobs.robots.connected-timeout:15s}") Duration connectedTimeout) {
        this.db = db;
        this.connectedTimeout = connectedTimeout;
    }

    /** How long after its last heartbeat a robot counts as gone. */
    public Duration connectedTimeout() {
        return connectedTimeout;
    }

    /** Records heartbeats of different robots; an older heartbeat than the one stored changes nothing. */
    public Mono<Void> seenAll(List<RobotHeartbeatReceived> heartbeats) {
        return db.sql("""
                insert into robot_presence (robot_id, tenant_id, capacity, last_seen)
                select * from unnest(:robots, :tenants, :capacities, :seen)
                on conflict (robot_id) do update set tenant_id = excluded.tenant_id, capacity = excluded.capacity,
                  last_seen = excluded.last_seen where robot_presence.last_seen < excluded.last_seen""")
                .bind("robots", heartbeats.stream().map(RobotHeartbeatReceived::robotId).toArray(String[]::new))
                .bind("tenants", heartbeats.stream().map(RobotHeartbeatReceived::tenantId).toArray(String[]::new))
                .bind("capacities", heartbeats.stream().map(h -> Math.max(1, h.capacity())).toArray(Integer[]::new))
                .bind("seen", heartbeats.stream().map(h -> h.at().atOffset(ZoneOffset.UTC))
                        .toArray(OffsetDateTime[]::new))
                .then();
    }

    /** A tenant's connected robots with their load. */
    public Flux<Connected> connected(String tenantId) {
        return db.sql("""
                select p.robot_id, p.capacity,
                  (select count(*) from job j where j.robot_id = p.robot_id
                     and (j.state in ('RUNNING', 'STOPPING', 'TERMINATING')
                          or j.state = 'PENDING' and j.dispatched_at is not null)) as load
                from robot_presence p where p.tenant_id = :tenant and p.last_seen > """ + CUTOFF)
                .bind("tenant", tenantId).bind("timeout", connectedTimeout.toMillis() / 1000.0)
                .map(row -> new Connected(row.get("robot_id", String.class), row.get("capacity", Integer.class),
                        row.get("load", Long.class)))
                .all();
    }
}
