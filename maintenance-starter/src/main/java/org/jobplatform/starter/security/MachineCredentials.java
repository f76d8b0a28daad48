package org.jobplatform.starter.security;

import org.springframework.security.core.Authentication;

import reactor.core.publisher.Mono;

/**
 * Basic credentials of machines rather than people (robots), checked after the configured users. A service
 * that registers machines provides one bean; the authentication it returns carries the authorities of
 * {@link Caller} ({@code TENANT_<id>}, and {@link Caller#ROBOT_AUTHORITY} for robots), so the gate treats a
 * machine like any caller of its tenant.
 */
@FunctionalInterface
public interface MachineCredentials {

    /** The authenticated machine, or empty when the name is not a machine's or the secret does not match. */
    Mono<Authentication> authenticate(String name, String secret);
}
