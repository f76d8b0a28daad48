/**
 * Command-line entry point of the benchmarks: {@code java -jar benchmarks/target/benchmarks-exec.jar NAME [options]}
 * runs the benchmark called NAME against the packaged service jars and prints its figures.
 */
package org.jobplatform.benchmarks;
