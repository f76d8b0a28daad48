/** Robots as job-service sees them through their heartbeats: presence, capacity and reconciliation of commands. */
package org.jobplatform.job.robots;
