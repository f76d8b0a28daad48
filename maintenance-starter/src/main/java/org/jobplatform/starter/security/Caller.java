package org.jobplatform.starter.security;

import java.util.Collection;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import reactor.core.publisher.Mono;

/**
 * Who is calling: a host admin (may act on every scope) or a user of one tenant.
 *
 * @param name      the principal's name
 * @param hostAdmin whether the caller is a host admin
 * @param tenantId  the caller's tenant, or {@code null}
 */
public record Caller(String name, boolean hostAdmin, String tenantId) {

    /** Authority of host admins. */
    public static final String HOST_ADMIN_AUTHORITY = "ROLE_HOST_ADMIN";
    /** Authority of robots (machines of a tenant that run jobs). */
    public static final String ROBOT_AUTHORITY = "ROLE_ROBOT";
    /** Prefix of the authority naming the caller's tenant. */
    public static final String TENANT_AUTHORITY_PREFIX = "TENANT_";

    /** The caller of an authenticated request. */
    public static Caller from(Authentication authentication) {
        Collection<? extends GrantedAuthority> authorities = authentication.getAuthorities();
        boolean admin = authorities.stream().anyMatch(a -> HOST_ADMIN_AUTHORITY.equals(a.getAuthority()));
        String tenant = authorities.stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith(TENANT_AUTHORITY_PREFIX))
                .map(a -> a.substring(TENANT_AUTHORITY_PREFIX.length())).findFirst().orElse(null);
        return new Caller(authentication.getName(), admin, tenant);
    }

    /** The caller of the current request, if authenticated. */
    public static Mono<Caller> current() {
        return org.springframework.security.core.context.ReactiveSecurityContextHolder.getContext()
                .mapNotNull(ctx -> ctx.getAuthentication())
                .filter(Authentication::isAuthenticated)
                .filter(a -> !(a instanceof org.springframework.security.authentication.AnonymousAuthenticationToken))
                .map(Caller::from);
    }

    /** Whether the caller is a robot rather than a person. */
    public static Mono<Boolean> isRobot() {
        return org.springframework.security.core.context.ReactiveSecurityContextHolder.getContext()
                .mapNotNull(ctx -> ctx.getAuthentication())
                .map(a -> a.getAuthorities().stream().anyMatch(g -> ROBOT_AUTHORITY.equals(g.getAuthority())))
                .defaultIfEmpty(false);
    }

    /** Whether the caller may read or act on the given tenant. */
    public boolean mayAccessTenant(String tenant) {
        return hostAdmin || (tenantId != null && tenantId.equals(tenant));
    }
}
