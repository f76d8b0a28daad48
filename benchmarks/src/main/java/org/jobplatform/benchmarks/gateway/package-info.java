/**
 * The {@code gateway} benchmark: how many robot heartbeats per second robot-gateway answers (each one published to
 * Kafka with {@code acks=all} before the answer) with 1,000 registered robots, beside a bare Spring WebFlux endpoint
 * that parses the same body and answers the same shape in its own JVM, and how many 503s per second it answers
 * while the robots' tenant is SUSPENDED.
 */
package org.jobplatform.benchmarks.gateway;
