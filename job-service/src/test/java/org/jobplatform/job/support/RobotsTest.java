package org.jobplatform.job.support;

import org.jobplatform.starter.phase.PhaseView;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A test of job-service with simulated robots and maintenance: {@link #robots} plays them against this instance. */
@JobServiceTest
public abstract class RobotsTest {

    @LocalServerPort
    int port;

    @Autowired
    protected PhaseView view;

    protected Robots robots;

    @BeforeEach
    void robots() {
        robots = new Robots(port, view);
    }
}
