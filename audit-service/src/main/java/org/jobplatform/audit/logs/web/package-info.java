/** The HTTP API of the maintenance logs ({@code /api/maintenance/logs}). */
package org.jobplatform.audit.logs.web;
