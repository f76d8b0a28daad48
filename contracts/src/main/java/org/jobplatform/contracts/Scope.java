package org.jobplatform.contracts;

import java.util.regex.Pattern;

/**
 * A maintenance scope: the host (every tenant) or one tenant. Its key ({@code host}, {@code tenant:<id>})
 * is the Kafka key of its phase events.
 *
 * @param tenantId the tenant, or {@code null} for the host scope
 */
public record Scope(String tenantId) {

    /** The key of the host scope. */
    public static final String HOST_KEY = "host";
    private static final String TENANT_PREFIX = "tenant:";
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /** The host scope. */
    public static final Scope HOST = new Scope(null);

    public Scope {
        if (tenantId != null && !TENANT_ID.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("'" + tenantId
                    + "' is not a valid tenant id: use 1 to 63 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
    }

    /** The scope of one tenant. */
    public static Scope tenant(String tenantId) {
        return new Scope(tenantId);
    }

    /** The host scope for a null or blank tenant id, otherwise that tenant's scope. */
    public static Scope of(String tenantIdOrNull) {
        return tenantIdOrNull == null || tenantIdOrNull.isBlank() ? HOST : tenant(tenantIdOrNull.trim());
    }

    /** Parses a scope key as written by {@link #key()}. */
    public static Scope fromKey(String key) {
        if (HOST_KEY.equals(key)) {
            return HOST;
        }
        if (key != null && key.startsWith(TENANT_PREFIX)) {
            return tenant(key.substring(TENANT_PREFIX.length()));
        }
        throw new IllegalArgumentException("'" + key + "' is not a scope key");
    }

    public boolean isHost() {
        return tenantId == null;
    }

    /** {@code host} or {@code tenant:<id>}. */
    public String key() {
        return isHost() ? HOST_KEY : TENANT_PREFIX + tenantId;
    }

    @Override
    public String toString() {
        return key();
    }
}
