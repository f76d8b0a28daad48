/**
 * The wire contract shared by every service: topic names, CloudEvents types and header names, and the
 * event records themselves. Plain Java only, so that any producer or consumer can depend on it.
 */
package org.jobplatform.contracts;
