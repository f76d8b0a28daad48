package org.jobplatform.audit.projection;

import java.util.List;
import java.util.Map;

/**
 * A row-by-row comparison of two generations of the projection.
 *
 * @param equal       whether every table holds the same rows in both
 * @param differences how many rows differ (missing on one side, or with other values)
 * @param byTable     the differing rows per table
 * @param listed      the first differing rows of each table, with both sides
 */
public record Comparison(boolean equal, long differences, Map<String, Long> byTable, List<Difference> listed) {

    /**
     * One row that differs.
     *
     * @param table   the table ({@code tenants}, {@code phases}, {@code windows}, {@code jobs}, {@code skips})
     * @param key     the row's natural key
     * @param live    the row in the live generation, or {@code null} when it has none
     * @param rebuilt the row in the rebuilt generation, or {@code null} when it has none
     */
    public record Difference(String table, Map<String, Object> key, Map<String, Object> live,
            Map<String, Object> rebuilt) {
    }
}
