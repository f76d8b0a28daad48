/** The registry's HTTP API for tenant users. */
package org.jobplatform.robot.registry.web;
