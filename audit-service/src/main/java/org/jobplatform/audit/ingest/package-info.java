/**
 * Live ingestion: what the consumers read is journaled and projected into the live generation, batch by batch, in one
 * transaction each; consumer lag is measured against the live generation's positions.
 */
package org.jobplatform.audit.ingest;
