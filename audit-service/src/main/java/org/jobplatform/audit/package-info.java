/** audit-service: per-tenant maintenance logs and the event journal. */
package org.jobplatform.audit;
