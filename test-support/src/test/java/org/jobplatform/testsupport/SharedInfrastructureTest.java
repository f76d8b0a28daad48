package org.jobplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedInfrastructureTest {

    @Test
    void everyCallInTheSameJvmReturnsTheSameRunningInfrastructure() {
        SharedInfrastructure first = SharedInfrastructure.get();
        SharedInfrastructure second = SharedInfrastructure.get();

        assertThat(first).isSameAs(second);
        assertThat(first.bootstrapServers()).isEqualTo("127.0.0.1:" + first.kafka().port());
        assertThat(first.postgres().jdbcUrl()).endsWith("/jobplatform");
    }
}
