package org.jobplatform.starter.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.jobplatform.starter.MaintenanceProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.config.annotation.method.configuration.EnableReactiveMethodSecurity;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.MapReactiveUserDetailsService;
import org.springframework.security.core.userdetails.ReactiveUserDetailsService;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The security every service shares: health, metrics and API docs open; everything else authenticated, by HTTP
 * Basic ({@code maintenance.security.mode=basic}, the local stack) or by JWT ({@code jwt}, production, issuer in
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}). Role and tenant come from the user list or from
 * the token's claims.
 */
@AutoConfiguration
@EnableWebFluxSecurity
@EnableReactiveMethodSecurity
@EnableConfigurationProperties(MaintenanceProperties.class)
public class MaintenanceSecurityConfiguration {

    /** Paths open to everyone: probes, metrics, API docs. */
    public static final String[] PUBLIC_PATHS = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus",
            "/actuator/info", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**"};

    @Bean
    @ConditionalOnMissingBean
    SecurityWebFilterChain maintenanceSecurityFilterChain(ServerHttpSecurity http, MaintenanceProperties properties,
            ReactiveUserDetailsService users, ObjectProvider<MachineCredentials> machines) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(c -> c.requestCache(org.springframework.security.web.server.savedrequest.NoOpServerRequestCache.getInstance()))
                .securityContextRepository(org.springframework.security.web.server.context.NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(ex -> ex.pathMatchers(PUBLIC_PATHS).permitAll().anyExchange().authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized(properties))
                        .accessDeniedHandler(forbidden()));
        if (properties.getSecurity().getMode() == MaintenanceProperties.Security.Mode.JWT) {
            http.oauth2ResourceServer(o -> o.authenticationEntryPoint(unauthorized(properties))
                    .accessDeniedHandler(forbidden())
                    .jwt(j -> j.jwtAuthenticationConverter(jwtConverter(properties.getSecurity()))));
            List<MachineCredentials> machineList = machines.orderedStream().toList();
            if (!machineList.isEmpty()) {
                // machines (robots) keep their Basic credentials in JWT mode; people need a token
                http.httpBasic(b -> b.authenticationManager(basicAuthentication(name -> Mono.empty(), machineList))
                        .authenticationEntryPoint(unauthorized(properties)));
            }
        } else {
            http.httpBasic(b -> b.authenticationManager(basicAuthentication(users, machines.orderedStream().toList()))
                    .authenticationEntryPoint(unauthorized(properties)));
        }
        return http.build();
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveUserDetailsService maintenanceUsers(MaintenanceProperties properties) {
        List<UserDetails> users = new ArrayList<>();
        for (MaintenanceProperties.Security.User user : properties.getSecurity().getUsers()) {
            users.add(User.withUsername(user.getUsername()).password(user.getPassword())
                    .authorities(authorities(user.isHostAdmin(), user.getTenant())).build());
        }
        if (users.isEmpty()) {
            return username -> Mono.empty();
        }
        return new MapReactiveUserDetailsService(users);
    }

    /**
     * Checks Basic credentials against the user list, on the calling thread and without re-encoding the stored
     * password on success (Spring Security's default manager does both, which cost about 80 ms a request here).
     */
    static ReactiveAuthenticationManager basicAuthentication(ReactiveUserDetailsService users,
            List<MachineCredentials> machines) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return authentication -> {
            String name = authentication.getName();
            String secret = String.valueOf(authentication.getCredentials());
            Mono<Authentication> user = users.findByUsername(name)
                    .filter(found -> encoder.matches(secret, found.getPassword()))
                    .map(found -> UsernamePasswordAuthenticationToken.authenticated(found, null, found.getAuthorities()));
            Mono<Authentication> machine = Flux.fromIterable(machines)
                    .concatMap(m -> m.authenticate(name, secret)).next();
            return user.switchIfEmpty(machine)
                    // built only when needed: an exception's stack trace is not free, and most calls succeed
                    .switchIfEmpty(Mono.error(() -> new BadCredentialsException("Invalid username or password")));
        };
    }

    static Collection<GrantedAuthority> authorities(boolean hostAdmin, String tenant) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (hostAdmin) {
            authorities.add(new SimpleGrantedAuthority(Caller.HOST_ADMIN_AUTHORITY));
        }
        if (tenant != null && !tenant.isBlank()) {
            authorities.add(new SimpleGrantedAuthority(Caller.TENANT_AUTHORITY_PREFIX + tenant));
        }
        return authorities;
    }

    /** Maps a token's role and tenant claims to the same authorities Basic users get. */
    static Converter<Jwt, Mono<AbstractAuthenticationToken>> jwtConverter(MaintenanceProperties.Security security) {
        return jwt -> {
            Object roles = jwt.getClaims().get(security.getRoleClaim());
            boolean admin = roles instanceof Collection<?> list ? list.contains(security.getHostAdminRole())
                    : security.getHostAdminRole().equals(roles);
            String tenant = jwt.getClaimAsString(security.getTenantClaim());
            return Mono.just(new JwtAuthenticationToken(jwt, authorities(admin, tenant), jwt.getSubject()));
        };
    }

    static ServerAuthenticationEntryPoint unauthorized(MaintenanceProperties properties) {
        String challenge = properties.getSecurity().getMode() == MaintenanceProperties.Security.Mode.JWT ? "Bearer"
                : "Basic realm=\"jobplatform\"";
        return (exchange, ex) -> {
            exchange.getResponse().getHeaders().set("WWW-Authenticate", challenge);
            return ProblemResponses.write(exchange, ProblemResponses.problem(HttpStatus.UNAUTHORIZED,
                    "unauthenticated", "Authentication is required: " + ex.getMessage()));
        };
    }

    static ServerAccessDeniedHandler forbidden() {
        return (exchange, ex) -> ProblemResponses.write(exchange,
                ProblemResponses.problem(HttpStatus.FORBIDDEN, "forbidden", "Access denied: " + ex.getMessage()));
    }
}
