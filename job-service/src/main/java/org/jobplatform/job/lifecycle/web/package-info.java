/** The job HTTP API: the tenant comes from the caller's identity, never from the path or the body. */
package org.jobplatform.job.lifecycle.web;
