/** job-service's answers to the scheduler's job requests: the job of a fired execution, or its refusal for maintenance. */
package org.jobplatform.scheduler.answers;
