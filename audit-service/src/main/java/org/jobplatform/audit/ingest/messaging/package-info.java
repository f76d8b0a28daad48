/** The live consumers' Spring Cloud Stream bindings, one per topic the audit replays. */
package org.jobplatform.audit.ingest.messaging;
