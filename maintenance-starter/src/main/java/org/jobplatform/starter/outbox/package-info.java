/**
 * The transactional outbox: a service writes its event into {@code outbox_event} in the same database
 * transaction as its change, and the relay publishes the rows in order, so both happen or neither does, also
 * across a crash between the commit and the publish. A published row is deleted, so the table holds only what
 * is still to be published; {@code published_at} is left from when rows were kept and marked, and this version never
 * sets it.
 */
package org.jobplatform.starter.outbox;
