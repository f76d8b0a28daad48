/** Test support: the shared test context, a clock tests move, extra instances, phases and topic readers. */
package org.jobplatform.scheduler.support;
