/**
 * The API gate: a WebFlux filter, after security, that refuses work-creating routes in DRAINING and every user
 * route in SUSPENDED with 503, {@code Retry-After} and a problem body naming the phase and window, while health,
 * the maintenance API and host admins stay through.
 */
package org.jobplatform.starter.gate;
