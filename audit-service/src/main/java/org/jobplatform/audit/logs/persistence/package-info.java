/** Reads of the window logs from PostgreSQL. */
package org.jobplatform.audit.logs.persistence;
