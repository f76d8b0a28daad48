/**
 * The robot registry: tenants register robots and get a secret once; robots authenticate every call with HTTP
 * Basic {@code robotId:secret} and act for their tenant.
 */
package org.jobplatform.robot.registry;
