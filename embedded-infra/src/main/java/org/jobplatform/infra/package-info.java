/**
 * Real embedded infrastructure for tests and local runs, without any Spring dependency: an
 * in-process Apache Kafka broker running in KRaft combined mode and an embedded PostgreSQL server,
 * both keeping their data in a caller-chosen directory so that a restart on the same directory
 * finds the previous topics, records and tables again.
 */
package org.jobplatform.infra;
