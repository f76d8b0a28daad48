package org.jobplatform.robot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** robot-gateway: robot registry and the robot-facing API; cut off in SUSPENDED. */
@SpringBootApplication
public class RobotGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(RobotGatewayApplication.class, args);
    }
}
