/**
 * The journal: every CloudEvent the audit consumed, once per CloudEvents id, with its Kafka coordinates, headers and
 * data as received. A window's events are read from it as CloudEvents JSON.
 */
package org.jobplatform.audit.journal;
