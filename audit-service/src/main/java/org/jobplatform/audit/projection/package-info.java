/**
 * The window logs as facts with natural keys ({@link org.jobplatform.audit.projection.Projector}), merged the same
 * way in memory and in the database, so that duplicates and any order of delivery give the same logs. The facts live
 * in a generation of the projection; a replay builds a new one and swaps it in.
 */
package org.jobplatform.audit.projection;
