/**
 * Maintenance windows and the per-scope state machine of DESIGN.md section 2: which request moves a scope from
 * which phase to which, when it is refused, and what every change records (epoch, who asked, why).
 */
package org.jobplatform.maintenance.window;
