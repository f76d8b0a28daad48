/**
 * The transactional outbox: a service writes its event into {@code outbox_event} in the same database
 * transaction as its change, and the relay publishes the rows in order, so both happen or neither does, also
 * across a crash between the commit and the publish.
 */
package org.jobplatform.starter.outbox;
