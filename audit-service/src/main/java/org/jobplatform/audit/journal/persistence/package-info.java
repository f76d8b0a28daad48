/** The journal table in PostgreSQL. */
package org.jobplatform.audit.journal.persistence;
