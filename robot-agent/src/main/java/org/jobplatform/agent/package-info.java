/**
 * A real client of the robot API that runs simulated robots: one {@link org.jobplatform.agent.RobotAgent} per
 * robot, a {@link org.jobplatform.agent.RobotFleet} of many sharing one HTTP client and a few threads, and the
 * {@link org.jobplatform.agent.AgentCli} command line. A robot calls in with its running jobs, acts on START, STOP
 * and KILL at most once per job, and sends everything that carries data (log lines, job state reports, queue items)
 * through its own outbox, in order, removing an item only once the gateway answered 2xx; so a robot keeps working
 * while the gateway refuses it (503 in SUSPENDED) and delivers everything afterwards, once.
 */
package org.jobplatform.agent;
