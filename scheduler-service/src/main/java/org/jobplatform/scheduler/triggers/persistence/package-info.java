/** Storage of triggers in the service's own schema ({@code scheduled_trigger}). */
package org.jobplatform.scheduler.triggers.persistence;
