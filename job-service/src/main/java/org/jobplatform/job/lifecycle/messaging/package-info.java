/** Robots' job state reports from {@code robots.reports.v1}, applied to the jobs they concern. */
package org.jobplatform.job.lifecycle.messaging;
