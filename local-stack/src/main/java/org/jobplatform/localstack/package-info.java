/**
 * The local development stack: a plain command-line launcher that starts the embedded Kafka
 * broker and PostgreSQL on fixed ports with data kept in a local folder, runs each of the five
 * services from its executable jar as a separate process, waits until every service reports
 * readiness, prints where everything can be reached, and stops it all again on Ctrl-C.
 */
package org.jobplatform.localstack;
