package org.jobplatform.maintenance.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.jobplatform.maintenance.MaintenanceServiceApplication;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;

/** maintenance-service on a random port, on the shared embedded Kafka broker and PostgreSQL. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@UsesSharedInfrastructure
@SpringBootTest(classes = MaintenanceServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"maintenance.instance.heartbeat-interval=500ms", "maintenance.outbox.poll-interval=200ms"})
public @interface MaintenanceServiceTest {
}
