package org.jobplatform.scheduler.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.jobplatform.scheduler.SchedulerServiceApplication;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * scheduler-service on a random port, on the shared embedded Kafka broker and PostgreSQL, with the
 * {@link MutableClock#MAIN} clock and short poll intervals. Every class uses these same settings, so one context
 * serves them all. Tenant users: acme, globex, initech, umbrella, hooli (password = name); admin is host admin.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@UsesSharedInfrastructure
@SpringBootTest(classes = SchedulerServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"scheduler.poll-interval=50ms", "maintenance.outbox.poll-interval=200ms",
                "maintenance.security.users[0].username=admin",
                "maintenance.security.users[0].password={noop}admin",
                "maintenance.security.users[0].host-admin=true",
                "maintenance.security.users[1].username=acme",
                "maintenance.security.users[1].password={noop}acme",
                "maintenance.security.users[1].tenant=acme",
                "maintenance.security.users[2].username=globex",
                "maintenance.security.users[2].password={noop}globex",
                "maintenance.security.users[2].tenant=globex",
                "maintenance.security.users[3].username=initech",
                "maintenance.security.users[3].password={noop}initech",
                "maintenance.security.users[3].tenant=initech",
                "maintenance.security.users[4].username=umbrella",
                "maintenance.security.users[4].password={noop}umbrella",
                "maintenance.security.users[4].tenant=umbrella",
                "maintenance.security.users[5].username=hooli",
                "maintenance.security.users[5].password={noop}hooli",
                "maintenance.security.users[5].tenant=hooli"})
@ContextConfiguration(initializers = MutableClock.Main.class)
public @interface SchedulerServiceTest {
}
