package org.jobplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextCustomizer;

class SharedInfrastructureContextCustomizerTest {

    private final SharedInfrastructureContextCustomizerFactory factory = new SharedInfrastructureContextCustomizerFactory();

    @Test
    void aTestClassWithoutTheAnnotationGetsNoCustomizer() {
        assertThat(factory.createContextCustomizer(PlainTest.class, List.of())).isNull();
    }

    @Test
    void annotatedTestClassesGetEqualCustomizersSoTheyShareACachedContext() {
        ContextCustomizer first = factory.createContextCustomizer(AnnotatedTest.class, List.of());
        ContextCustomizer second = factory.createContextCustomizer(OtherAnnotatedTest.class, List.of());

        assertThat(first).isNotNull().isEqualTo(second).isNotSameAs(second);
        assertThat(first).hasSameHashCodeAs(second);
    }

    @Test
    void aSubclassOfAnAnnotatedTestClassInheritsTheAnnotation() {
        assertThat(factory.createContextCustomizer(InheritingTest.class, List.of())).isNotNull();
    }

    @Test
    void aNestedClassOfAnAnnotatedTestClassIsCustomizedToo() {
        assertThat(factory.createContextCustomizer(AnnotatedTest.Inner.class, List.of())).isNotNull();
    }

    static class PlainTest {
    }

    @UsesSharedInfrastructure
    static class AnnotatedTest {

        class Inner {
        }
    }

    @UsesSharedInfrastructure
    static class OtherAnnotatedTest {
    }

    static class InheritingTest extends AnnotatedTest {
    }
}
