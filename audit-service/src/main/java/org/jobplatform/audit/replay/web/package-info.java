/** The HTTP API of replays ({@code /api/admin/audit/replay}), for host admins. */
package org.jobplatform.audit.replay.web;
