package org.jobplatform.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/** Starts the shared infrastructure and puts its connection properties first in a test context's environment. */
public final class SharedInfrastructureContextCustomizer implements ContextCustomizer {

    /** Name of the property source added to the environment. */
    public static final String PROPERTY_SOURCE_NAME = "sharedInfrastructure";

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        Map<String, Object> properties = new LinkedHashMap<>(SharedInfrastructure.properties());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return SharedInfrastructureContextCustomizer.class.hashCode();
    }

    @Override
    public String toString() {
        return "SharedInfrastructureContextCustomizer";
    }
}
