/**
 * Rebuilding the logs from the beginning of the topics into a new generation of the projection, comparing it row by
 * row with the live one, and swapping it in, while the live API and the live consumers go on.
 */
package org.jobplatform.audit.replay;
