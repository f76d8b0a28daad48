/** Jobs asked for by triggers: each scheduler request answered once, accepted or refused for maintenance. */
package org.jobplatform.job.requests;
