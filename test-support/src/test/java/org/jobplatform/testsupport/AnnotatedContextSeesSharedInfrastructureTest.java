package org.jobplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(AnnotatedContextSeesSharedInfrastructureTest.EmptyConfiguration.class)
@UsesSharedInfrastructure
@TestPropertySource(properties = "DB_HOST=overridden-by-shared-infrastructure")
class AnnotatedContextSeesSharedInfrastructureTest {

    @Autowired
    ConfigurableEnvironment environment;

    @Test
    void theEnvironmentHoldsTheSharedKafkaAndPostgresSettings() {
        SharedInfrastructure infrastructure = SharedInfrastructure.get();

        assertThat(environment.getProperty("KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(infrastructure.bootstrapServers());
        assertThat(environment.getProperty("DB_HOST")).isEqualTo(infrastructure.postgres().host());
        assertThat(environment.getProperty("DB_PORT")).isEqualTo(Integer.toString(infrastructure.postgres().port()));
        assertThat(environment.getProperty("DB_NAME")).isEqualTo("jobplatform");
        assertThat(environment.getProperty("DB_USER")).isEqualTo(infrastructure.postgres().username());
        assertThat(environment.getProperty("DB_PASSWORD")).isEqualTo(infrastructure.postgres().password());
    }

    @Test
    void theSharedPropertiesHaveTheHighestPrecedence() {
        assertThat(environment.getPropertySources().iterator().next().getName())
                .isEqualTo(SharedInfrastructureContextCustomizer.PROPERTY_SOURCE_NAME);
        assertThat(environment.getProperty("DB_HOST")).isEqualTo("127.0.0.1");
    }

    @Test
    void thePropertiesMapMatchesTheEnvironment() {
        Map<String, String> properties = SharedInfrastructure.properties();

        assertThat(properties).containsOnlyKeys("KAFKA_BOOTSTRAP_SERVERS", "DB_HOST", "DB_PORT", "DB_NAME",
                "DB_USER", "DB_PASSWORD");
        properties.forEach((key, value) -> assertThat(environment.getProperty(key)).isEqualTo(value));
    }

    @Test
    void theAdvertisedSettingsReachARunningBrokerAndDatabase() throws Exception {
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, environment.getRequiredProperty("KAFKA_BOOTSTRAP_SERVERS"));
        try (Admin admin = Admin.create(adminConfig)) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }

        String url = "jdbc:postgresql://" + environment.getRequiredProperty("DB_HOST") + ":"
                + environment.getRequiredProperty("DB_PORT") + "/" + environment.getRequiredProperty("DB_NAME");
        try (Connection connection = DriverManager.getConnection(url,
                environment.getRequiredProperty("DB_USER"), environment.getRequiredProperty("DB_PASSWORD"));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_database()")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("jobplatform");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EmptyConfiguration {
    }
}
