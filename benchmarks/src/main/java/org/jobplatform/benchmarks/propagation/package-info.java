/**
 * The {@code phase-propagation} benchmark: how long a host maintenance phase change takes, from the maintenance
 * API's answer, until every one of the five service instances has applied it, compared with a plain Kafka
 * produce-to-consume round trip on the same broker, plus each service's resident memory.
 */
package org.jobplatform.benchmarks.propagation;
