package org.jobplatform.job.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.jobplatform.job.JobServiceApplication;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * job-service on a random port, on the shared embedded Kafka broker and PostgreSQL, with short reconciliation times
 * and more tenant users (the whole list: a list property is replaced, never merged, by a later source). Every test
 * class uses these same settings, so one application context serves them all: two contexts would be two job-service
 * instances splitting the consumer group's partitions. Tenants with robots: globex, initech, umbrella, hooli, wayne,
 * stark, oscorp, cyberdyne; acme never has one, so its jobs stay PENDING.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Inherited
@UsesSharedInfrastructure
@SpringBootTest(classes = JobServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"maintenance.outbox.poll-interval=200ms", "jobs.reconciliation.resend-after=1s",
                "jobs.reconciliation.missing-grace=2s", "jobs.drain.sweep-interval=300ms",
                "jobs.robots.connected-timeout=6s", "jobs.reports.wait-for-sweep=30s",
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
                "maintenance.security.users[5].tenant=hooli",
                "maintenance.security.users[6].username=wayne",
                "maintenance.security.users[6].password={noop}wayne",
                "maintenance.security.users[6].tenant=wayne",
                "maintenance.security.users[7].username=stark",
                "maintenance.security.users[7].password={noop}stark",
                "maintenance.security.users[7].tenant=stark",
                "maintenance.security.users[8].username=oscorp",
                "maintenance.security.users[8].password={noop}oscorp",
                "maintenance.security.users[8].tenant=oscorp",
                "maintenance.security.users[9].username=cyberdyne",
                "maintenance.security.users[9].password={noop}cyberdyne",
                "maintenance.security.users[9].tenant=cyberdyne"})
public @interface JobServiceTest {
}
