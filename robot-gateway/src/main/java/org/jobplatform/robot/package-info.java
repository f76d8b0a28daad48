/** robot-gateway: robot registry and the robot-facing API; cut off in SUSPENDED. */
package org.jobplatform.robot;
