/** scheduler-service: triggers and their executions; pauses triggers in maintenance. */
package org.jobplatform.scheduler;
