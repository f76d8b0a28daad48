package org.jobplatform.robot.commands;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the robot link, under {@code robots.*}.
 *
 * @param commands  how commands are relayed
 * @param heartbeat what a heartbeat answer tells the robot
 */
@ConfigurationProperties("robots")
public record RobotLinkProperties(Commands commands, Heartbeat heartbeat) {

    public RobotLinkProperties {
        commands = commands == null ? new Commands(null, null, null, null) : commands;
        heartbeat = heartbeat == null ? new Heartbeat(null) : heartbeat;
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

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }
}
