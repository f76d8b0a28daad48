/**
 * The robot-facing API: robots authenticate as themselves and call in for their commands. In SUSPENDED the gate
 * refuses every call of a robot of the suspended scope before its body is read.
 */
package org.jobplatform.robot.link;
