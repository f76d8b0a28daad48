/**
 * One security configuration for every service: HTTP Basic users for the local stack, an OAuth2 JWT resource
 * server in production, both reduced to a {@link org.jobplatform.starter.security.Caller}: a host admin, or a
 * user of exactly one tenant. Refusals are problem+json.
 */
package org.jobplatform.starter.security;
