/** Storage of firing slots ({@code firing_slot}): executions prepared ahead of their time, and their decisions. */
package org.jobplatform.scheduler.firing.persistence;
