/**
 * The per-tenant window logs as the API shows them, read from the live generation of the projection. A host window
 * is in the log of every tenant known to the audit, with that tenant's jobs and executions only.
 */
package org.jobplatform.audit.logs;
