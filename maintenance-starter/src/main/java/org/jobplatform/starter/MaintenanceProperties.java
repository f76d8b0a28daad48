package org.jobplatform.starter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the maintenance starter, under {@code maintenance.*}. */
@ConfigurationProperties("maintenance")
public class MaintenanceProperties {

    /** This instance: service name and unique id. */
    private final Instance instance = new Instance();
    /** The API gate. */
    private final Gate gate = new Gate();
    /** The transactional outbox relay. */
    private final Outbox outbox = new Outbox();
    /** Who may call the APIs. */
    private final Security security = new Security();
    /** Topics the starter creates. */
    private final TopicSettings topics = new TopicSettings();

    public Instance getInstance() {
        return instance;
    }

    public Gate getGate() {
        return gate;
    }

    public Outbox getOutbox() {
        return outbox;
    }

    public Security getSecurity() {
        return security;
    }

    public TopicSettings getTopics() {
        return topics;
    }

    /** Identity and heartbeat of this instance. */
    public static class Instance {
        /** The service name reported in acks and heartbeats; defaults to {@code spring.application.name}. */
        private String service;
        /** Unique per running instance; a fresh one is made at each start unless set. */
        private String id;
        /** How often a heartbeat is sent. */
        private Duration heartbeatInterval = Duration.ofSeconds(2);

        public String getService() {
            return service;
        }

        public void setService(String service) {
            this.service = service;
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        /** The id, or a new one for the given service name. */
        public String resolveId(String serviceName) {
            if (id == null || id.isBlank()) {
                id = serviceName + "-" + UUID.randomUUID().toString().substring(0, 8);
            }
            return id;
        }
    }

    /** Which routes the gate refuses in which phase. */
    public static class Gate {
        /** Routes that create work, refused in DRAINING and SUSPENDED: {@code "POST /api/jobs"}, {@code "/api/x/**"}. */
        private List<String> workCreatingRoutes = new ArrayList<>();
        /** Routes open in every phase, in addition to health, metrics, the maintenance API and API docs. */
        private List<String> openRoutes = new ArrayList<>();
        /** Like Digital.ai's {@code restrictApiAccess}: in maintenance, refuse host admins too, except the open routes. */
        private boolean restrictApiAccess;
        /** The {@code Retry-After} sent with a 503. */
        private Duration retryAfter = Duration.ofSeconds(30);
        /**
         * Up to this much is added at random to each {@code Retry-After}, so that clients refused together (a robot
         * fleet) do not all come back in the same second.
         */
        private Duration retryAfterJitter = Duration.ZERO;

        public List<String> getWorkCreatingRoutes() {
            return workCreatingRoutes;
        }

        public void setWorkCreatingRoutes(List<String> workCreatingRoutes) {
            this.workCreatingRoutes = workCreatingRoutes;
        }

        public List<String> getOpenRoutes() {
            return openRoutes;
        }

        public void setOpenRoutes(List<String> openRoutes) {
            this.openRoutes = openRoutes;
        }

        public boolean isRestrictApiAccess() {
            return restrictApiAccess;
        }

        public void setRestrictApiAccess(boolean restrictApiAccess) {
            this.restrictApiAccess = restrictApiAccess;
        }

        public Duration getRetryAfter() {
            return retryAfter;
        }

        public void setRetryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
        }

        public Duration getRetryAfterJitter() {
            return retryAfterJitter;
        }

        public void setRetryAfterJitter(Duration retryAfterJitter) {
            this.retryAfterJitter = retryAfterJitter;
        }
    }

    /** The relay that publishes outbox rows. */
    public static class Outbox {
        /** Whether this instance relays; rows written while no relay runs are published when one starts. */
        private boolean relayEnabled = true;
        /** How often the relay looks for rows it was not told about (crash recovery, other instances). */
        private Duration pollInterval = Duration.ofMillis(500);
        /** Rows published per batch. */
        private int batchSize = 500;

        public boolean isRelayEnabled() {
            return relayEnabled;
        }

        public void setRelayEnabled(boolean relayEnabled) {
            this.relayEnabled = relayEnabled;
        }

        public Duration getPollInterval() {
            return pollInterval;
        }

        public void setPollInterval(Duration pollInterval) {
            this.pollInterval = pollInterval;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }
    }

    /** Authentication: HTTP Basic users (local) or OAuth2 JWT (production). */
    public static class Security {
        /** {@code basic} or {@code jwt}. */
        private Mode mode = Mode.BASIC;
        /** Basic users; passwords in Spring Security's {@code {id}encoded} form. */
        private List<User> users = new ArrayList<>();
        /** JWT claim that lists roles. */
        private String roleClaim = "roles";
        /** Role value in {@link #roleClaim} that makes a caller a host admin. */
        private String hostAdminRole = "host-admin";
        /** JWT claim that names the caller's tenant. */
        private String tenantClaim = "tenant";

        public Mode getMode() {
            return mode;
        }

        public void setMode(Mode mode) {
            this.mode = mode;
        }

        public List<User> getUsers() {
            return users;
        }

        public void setUsers(List<User> users) {
            this.users = users;
        }

        public String getRoleClaim() {
            return roleClaim;
        }

        public void setRoleClaim(String roleClaim) {
            this.roleClaim = roleClaim;
        }

        public String getHostAdminRole() {
            return hostAdminRole;
        }

        public void setHostAdminRole(String hostAdminRole) {
            this.hostAdminRole = hostAdminRole;
        }

        public String getTenantClaim() {
            return tenantClaim;
        }

        public void setTenantClaim(String tenantClaim) {
            this.tenantClaim = tenantClaim;
        }

        /** How callers authenticate. */
        public enum Mode {
            BASIC, JWT
        }

        /** A Basic user: a host admin, or a user of one tenant. */
        public static class User {
            private String username;
            private String password;
            private String tenant;
            private boolean hostAdmin;

            public String getUsername() {
                return username;
            }

            public void setUsername(String username) {
                this.username = username;
            }

            public String getPassword() {
                return password;
            }

            public void setPassword(String password) {
                this.password = password;
            }

            public String getTenant() {
                return tenant;
            }

            public void setTenant(String tenant) {
                this.tenant = tenant;
            }

            public boolean isHostAdmin() {
                return hostAdmin;
            }

            public void setHostAdmin(boolean hostAdmin) {
                this.hostAdmin = hostAdmin;
            }
        }
    }

    /** Partitions and retention of the topics this service creates at start-up. */
    public static class TopicSettings {
        /** Whether topics are created at start-up. */
        private boolean create = true;
        /** Partitions of each topic created. */
        private int partitions = 3;
        /** Replication factor of each topic created. */
        private short replicationFactor = 1;
        /** Retention of the topics the audit replays; {@code -1} keeps events forever. */
        private long auditRetentionMs = -1;
        /** Retention of the acks and heartbeats topic. */
        private Duration acksRetention = Duration.ofHours(1);

        public boolean isCreate() {
            return create;
        }

        public void setCreate(boolean create) {
            this.create = create;
        }

        public int getPartitions() {
            return partitions;
        }

        public void setPartitions(int partitions) {
            this.partitions = partitions;
        }

        public short getReplicationFactor() {
            return replicationFactor;
        }

        public void setReplicationFactor(short replicationFactor) {
            this.replicationFactor = replicationFactor;
        }

        public long getAuditRetentionMs() {
            return auditRetentionMs;
        }

        public void setAuditRetentionMs(long auditRetentionMs) {
            this.auditRetentionMs = auditRetentionMs;
        }

        public Duration getAcksRetention() {
            return acksRetention;
        }

        public void setAcksRetention(Duration acksRetention) {
            this.acksRetention = acksRetention;
        }
    }
}
