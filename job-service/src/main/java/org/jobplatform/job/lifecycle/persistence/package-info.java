/** PostgreSQL persistence of jobs through R2DBC. */
package org.jobplatform.job.lifecycle.persistence;
