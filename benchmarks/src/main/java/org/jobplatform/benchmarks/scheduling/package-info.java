/**
 * The scheduling benchmark: many CRON triggers firing every minute on scheduler-service through a maintenance
 * window, then the same triggers on Quartz with its JDBC job store on the same PostgreSQL.
 */
package org.jobplatform.benchmarks.scheduling;
