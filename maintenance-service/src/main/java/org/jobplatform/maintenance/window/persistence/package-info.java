/** PostgreSQL persistence of scope states, windows and their transitions, through R2DBC. */
package org.jobplatform.maintenance.window.persistence;
