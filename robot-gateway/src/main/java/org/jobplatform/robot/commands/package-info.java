/**
 * Robot commands on their way from job-service to the robots: every gateway instance follows the whole
 * {@code robots.commands.v1} topic, pushes a command at once to its robot's open event stream, or keeps it for the
 * robot's next heartbeat. Delivery is fast, not certain: job-service reconciles from heartbeats and re-issues what a
 * robot has not acted on.
 */
package org.jobplatform.robot.commands;
