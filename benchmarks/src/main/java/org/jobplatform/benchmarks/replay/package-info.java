/**
 * The replay benchmark: realistic traffic of the topics the audit replays, a plain consumer's read of it, and the
 * audit's replay of it through its API.
 */
package org.jobplatform.benchmarks.replay;
