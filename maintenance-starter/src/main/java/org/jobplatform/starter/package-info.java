/**
 * The maintenance-aware starter: auto-configuration that gives any service the phase view, the API gate,
 * phase acknowledgements and heartbeats, security, the transactional outbox and Kafka defaults, by depending
 * on this module.
 */
package org.jobplatform.starter;
