/**
 * Triggers of each tenant: cron (in a time zone, across daylight-saving changes), one-time and interval schedules,
 * their validation, misfire policy and exemption from maintenance.
 */
package org.jobplatform.scheduler.triggers;
