package org.jobplatform.scheduler;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the scheduler, under {@code scheduler.*}. */
@ConfigurationProperties("scheduler")
public class SchedulerProperties {

    /**
     * An execution recorded later than this after its scheduled time (the scheduler was down or far behind) is a
     * misfire: it follows the trigger's misfire policy instead of firing late.
     */
    private Duration misfireThreshold = Duration.ofSeconds(5);
    /** How often (real time) each instance looks for due triggers. */
    private Duration pollInterval = Duration.ofMillis(500);
    /** Triggers handled per transaction. */
    private int batchSize = 500;
    /** Scheduled times recorded per trigger and pass; a trigger further behind goes on in the next pass. */
    private int maxExecutionsPerPass = 1000;

    /**
     * How far ahead each instance prepares the executions of triggers coming due, so that at their time only the
     * decision (fired, or skipped for maintenance) is left to record: one row per slot, whatever its size. Zero
     * turns preparing off: every execution is then recorded by the firing pass once due.
     */
    private Duration lookahead = Duration.ofSeconds(15);
    /** Executions prepared per transaction, and so the largest slot. */
    private int slotSize = 2000;
    /**
     * The instance that prepared a slot sends its job requests straight to Kafka once it decided it. It waits this
     * long for the broker's acknowledgements, and other instances this long after the decision for it to confirm;
     * then the slot is applied with its requests in the outbox (job-service takes a request id once, should some
     * have been sent).
     */
    private Duration sendTimeout = Duration.ofSeconds(10);

    public Duration getSendTimeout() {
        return sendTimeout;
    }

    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    public Duration getLookahead() {
        return lookahead;
    }

    public void setLookahead(Duration lookahead) {
        this.lookahead = lookahead;
    }

    public int getSlotSize() {
        return slotSize;
    }

    public void setSlotSize(int slotSize) {
        this.slotSize = slotSize;
    }

    public Duration getMisfireThreshold() {
        return misfireThreshold;
    }

    public void setMisfireThreshold(Duration misfireThreshold) {
        this.misfireThreshold = misfireThreshold;
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

    public int getMaxExecutionsPerPass() {
        return maxExecutionsPerPass;
    }

    public void setMaxExecutionsPerPass(int maxExecutionsPerPass) {
        this.maxExecutionsPerPass = maxExecutionsPerPass;
    }
}
