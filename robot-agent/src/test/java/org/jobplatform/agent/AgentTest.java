package org.jobplatform.agent;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test of robots against a fresh scripted gateway, closed with everything the test started. */
abstract class AgentTest {

    protected AgentFixture fixture;
    protected ScriptedGateway gateway;

    @BeforeEach
    void startTheGateway() throws Exception {
        fixture = new AgentFixture();
        gateway = fixture.gateway;
    }

    @AfterEach
    void closeTheFixture() {
        fixture.close();
    }
}
