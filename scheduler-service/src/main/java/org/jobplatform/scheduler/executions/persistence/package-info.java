/** Storage of executions ({@code trigger_execution}, unique per trigger and scheduled time). */
package org.jobplatform.scheduler.executions.persistence;
