/** The drain benchmark: a host full of running jobs on a robot fleet, stopped by one DRAINING window. */
package org.jobplatform.benchmarks.drain;
