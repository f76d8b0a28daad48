/**
 * The convergence view: which instances of which services are alive and which epoch each has applied, built
 * from the acknowledgements and heartbeats on {@code maintenance.acks.v1}. An instance is alive while its last
 * message is younger than the failover timeout (heartbeat interval times the missed heartbeats allowed).
 */
package org.jobplatform.maintenance.convergence;
