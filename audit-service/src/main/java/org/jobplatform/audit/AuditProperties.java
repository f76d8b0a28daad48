package org.jobplatform.audit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of audit-service, under {@code audit.*}. */
@ConfigurationProperties("audit")
public class AuditProperties {

    /** The live consumers. */
    private final Ingest ingest = new Ingest();
    /** Rebuilding the logs from the topics. */
    private final Replay replay = new Replay();

    public Ingest getIngest() {
        return ingest;
    }

    public Replay getReplay() {
        return replay;
    }

    /** How the live consumers apply a batch. */
    public static class Ingest {
        /** Whether the live consumers start (a benchmark of the replay alone turns them off). */
        private boolean enabled = true;
        /** How long a batch waits for a row or table lock before it fails and is retried (not the replay's swap). */
        private Duration lockTimeout = Duration.ofSeconds(10);
        /** How long a batch may take, including waiting for a replay's swap, before it fails and is retried. */
        private Duration batchTimeout = Duration.ofMinutes(2);
        /** How often the consumer lag gauges are refreshed. */
        private Duration lagInterval = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getLockTimeout() {
            return lockTimeout;
        }

        public void setLockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
        }

        public Duration getBatchTimeout() {
            return batchTimeout;
        }

        public void setBatchTimeout(Duration batchTimeout) {
            this.batchTimeout = batchTimeout;
        }

        public Duration getLagInterval() {
            return lagInterval;
        }

        public void setLagInterval(Duration lagInterval) {
            this.lagInterval = lagInterval;
        }
    }

    /** How a replay reads and compares. */
    public static class Replay {
        /** Records per poll of the replay's consumer. */
        private int pollRecords = 500;
        /** Most bytes a replay's consumer fetches at once (per partition, half of it). */
        private int fetchBytes = 1 << 20;
        /** Events whose facts a replay merges in memory before it writes them. */
        private int writeEvery = 20_000;
        /** How long a replay waits for the live consumers to reach the offsets it read before it compares anyway. */
        private Duration liveCatchUp = Duration.ofSeconds(30);
        /** Differing rows listed per table in a replay's report (all are counted). */
        private int listedDifferences = 20;
        /** A replay whose instance has not updated it for this long is taken as abandoned. */
        private Duration abandonedAfter = Duration.ofMinutes(2);

        public int getPollRecords() {
            return pollRecords;
        }

        public void setPollRecords(int pollRecords) {
            this.pollRecords = pollRecords;
        }

        public int getFetchBytes() {
            return fetchBytes;
        }

        public void setFetchBytes(int fetchBytes) {
            this.fetchBytes = fetchBytes;
        }

        public int getWriteEvery() {
            return writeEvery;
        }

        public void setWriteEvery(int writeEvery) {
            this.writeEvery = writeEvery;
        }

        public Duration getLiveCatchUp() {
            return liveCatchUp;
        }

        public void setLiveCatchUp(Duration liveCatchUp) {
            this.liveCatchUp = liveCatchUp;
        }

        public int getListedDifferences() {
            return listedDifferences;
        }

        public void setListedDifferences(int listedDifferences) {
            this.listedDifferences = listedDifferences;
        }

        public Duration getAbandonedAfter() {
            return abandonedAfter;
        }

        public void setAbandonedAfter(Duration abandonedAfter) {
            this.abandonedAfter = abandonedAfter;
        }
    }
}
