/** job-service: jobs and their lifecycle, robot assignment; refuses new jobs in maintenance. */
package org.jobplatform.job;
