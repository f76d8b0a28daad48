/**
 * What an instance tells maintenance-service about itself: an acknowledgement on
 * {@code maintenance.acks.v1} for every phase change it applies, and heartbeats carrying every scope's applied
 * epoch, from which the convergence view is built.
 */
package org.jobplatform.starter.instance;
