/**
 * Test support shared by the service modules: a per-JVM embedded Kafka broker and embedded
 * PostgreSQL server started on first use and stopped when the JVM exits, and a Spring TestContext
 * integration that exposes their connection settings as the {@code KAFKA_BOOTSTRAP_SERVERS} and
 * {@code DB_*} properties to every test context whose test class is annotated with
 * {@link org.jobplatform.testsupport.UsesSharedInfrastructure}.
 */
package org.jobplatform.testsupport;
