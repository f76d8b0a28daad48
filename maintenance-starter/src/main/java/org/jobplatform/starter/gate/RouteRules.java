package org.jobplatform.starter.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Route patterns such as {@code "POST /api/jobs"} or {@code "/api/maintenance/**"} (any method), matched against
 * a request's method and path.
 */
public class RouteRules {

    private final List<Route> routes = new ArrayList<>();

    private record Route(HttpMethod method, PathPattern pattern) {
    }

    public RouteRules(List<String> specs) {
        for (String spec : specs) {
            String trimmed = spec.trim();
            int space = trimmed.indexOf(' ');
            HttpMethod method = null;
            String path = trimmed;
            if (space > 0) {
                method = HttpMethod.valueOf(trimmed.substring(0, space).toUpperCase(Locale.ROOT));
                path = trimmed.substring(space + 1).trim();
            }
            routes.add(new Route(method, PathPatternParser.defaultInstance.parse(path)));
        }
    }

    /** Whether any route matches. */
    public boolean matches(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        for (Route route : routes) {
            if ((route.method() == null || route.method().equals(method)) && route.pattern().matches(container)) {
                return true;
            }
        }
        return false;
    }
}
