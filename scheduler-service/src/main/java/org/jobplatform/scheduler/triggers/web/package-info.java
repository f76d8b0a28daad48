/** The trigger HTTP API: the tenant comes from the caller's identity, never from the path. */
package org.jobplatform.scheduler.triggers.web;
