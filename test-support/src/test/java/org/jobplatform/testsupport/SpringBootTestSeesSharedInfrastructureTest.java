package org.jobplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

@SpringBootTest(classes = SpringBootTestSeesSharedInfrastructureTest.Application.class, properties = {
        "app.kafka.bootstrap-servers=${KAFKA_BOOTSTRAP_SERVERS}",
        "app.datasource.url=jdbc:postgresql://${DB_HOST}:${DB_PORT}/${DB_NAME}",
        "app.datasource.username=${DB_USER}",
        "app.datasource.password=${DB_PASSWORD}"})
@UsesSharedInfrastructure
class SpringBootTestSeesSharedInfrastructureTest {

    @Value("${app.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Value("${app.datasource.url}")
    String datasourceUrl;

    @Value("${app.datasource.username}")
    String username;

    @Value("${app.datasource.password}")
    String password;

    @Test
    void placeholdersInApplicationPropertiesResolveToTheSharedInfrastructure() {
        SharedInfrastructure infrastructure = SharedInfrastructure.get();

        assertThat(bootstrapServers).isEqualTo(infrastructure.bootstrapServers());
        assertThat(datasourceUrl).isEqualTo(infrastructure.postgres().jdbcUrl());
        assertThat(username).isEqualTo("postgres");
        assertThat(password).isEqualTo("postgres");
    }

    @Nested
    class WhenNested {

        @Value("${KAFKA_BOOTSTRAP_SERVERS}")
        String nestedBootstrapServers;

        @Test
        void aNestedTestClassSeesTheSameSettings() {
            assertThat(nestedBootstrapServers).isEqualTo(SharedInfrastructure.get().bootstrapServers());
        }
    }

    @SpringBootConfiguration
    static class Application {
    }
}
