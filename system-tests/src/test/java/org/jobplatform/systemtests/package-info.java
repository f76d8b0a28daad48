/**
 * System tests: the services run as separate processes from their packaged jars, on the real embedded Kafka
 * broker and PostgreSQL, and are driven only through their HTTP APIs, as an operator would.
 */
package org.jobplatform.systemtests;
