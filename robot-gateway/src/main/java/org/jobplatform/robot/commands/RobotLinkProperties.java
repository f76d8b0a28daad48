package org.jobplatform.robot.commands;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the robot link, under {@code robots.*}.
 *
 * @param commands  how commands are relayed
 * @param heartbeat what a heartbeat answer tells the robot
 * @param reports   how what robots send is published
 */
@ConfigurationProperties("robots")
public record RobotLinkProperties(Commands commands, Heartbeat heartbeat, Reports reports) {

    public RobotLinkProperties {
        commands = commands == null ? new Commands(null, null, null, null) : commands;
        heartbeat = heartbeat == null ? new Heartbeat(null) : heartbeat;
        reports = reports == null ? new Reports(null) : reports;
    }

    /**
     * How commands are relayed.
     *
     * @param lookBack          how far before its start an instance reads the command topic; 0 reads from now on
     * @param ttl               a command older than this (from its {@code issuedAt}) is dropped undelivered
     * @param maxQueuedPerRobot commands kept per robot; beyond it the oldest is dropped
     * @param keepAlive         how often an idle event stream gets a comment, so proxies do not close it
     */
    public record Commands(Duration lookBack, Duration ttl, Integer maxQueuedPerRobot, Duration keepAlive) {

        public Commands {
            lookBack = lookBack == null ? Duration.ZERO : lookBack;
            ttl = ttl == null ? Duration.ofSeconds(60) : ttl;
            maxQueuedPerRobot = maxQueuedPerRobot == null ? 1000 : maxQueuedPerRobot;
            keepAlive = keepAlive == null ? Duration.ofSeconds(15) : keepAlive;
            if (lookBack.isNegative() || !positive(ttl) || maxQueuedPerRobot < 1 || !positive(keepAlive)) {
                throw new IllegalArgumentException("robots.commands: look-back must be 0 or more; ttl, "
                        + "max-queued-per-robot and keep-alive must be positive");
            }
        }
    }

    /**
     * What a heartbeat answer tells the robot.
     *
     * @param pollAfter when the robot calls again
     */
    public record Heartbeat(Duration pollAfter) {

        public Heartbeat {
            pollAfter = pollAfter == null ? Duration.ofSeconds(5) : pollAfter;
            if (!positive(pollAfter)) {
                throw new IllegalArgumentException("robots.heartbeat.poll-after must be positive");
            }
        }
    }

    /**
     * How what robots send (heartbeats, states, log lines, queue items) is published.
     *
     * @param linger how long a record may wait for others to share its produce request; each robot call waits for
     *               the broker's acknowledgement, so this adds at most that much to its answer
     */
    public record Reports(Duration linger) {

        public Reports {
            linger = linger == null ? Duration.ofMillis(1) : linger;
            if (linger.isNegative() || linger.toMillis() > 1000) {
                throw new IllegalArgumentException("robots.reports.linger must be 0 to 1s");
            }
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
