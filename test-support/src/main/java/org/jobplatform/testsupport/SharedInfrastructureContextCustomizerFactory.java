package org.jobplatform.testsupport;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Adds the shared infrastructure's connection properties to test contexts of classes annotated with {@link UsesSharedInfrastructure}. */
public class SharedInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        if (TestContextAnnotationUtils.hasAnnotation(testClass, UsesSharedInfrastructure.class)) {
            return new SharedInfrastructureContextCustomizer();
        }
        return null;
    }
}
