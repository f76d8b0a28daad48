/** The maintenance HTTP API of DESIGN.md section 3: start, end, state with convergence, window history. */
package org.jobplatform.maintenance.window.web;
