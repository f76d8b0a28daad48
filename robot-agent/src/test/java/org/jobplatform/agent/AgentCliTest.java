package org.jobplatform.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jobplatform.agent.AgentFixture.PATIENCE;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's arguments, and one run against the scripted gateway. */
class AgentCliTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void help_printsTheOptionsAndExitsZero() {
        assertThat(run("--help")).isEqualTo(0);
        assertThat(out()).contains("--gateway URI", "--user USER:PASS", "--robots N", "--capacity N",
                "--name-prefix NAME", "--data-dir DIR", "--no-sse");
    }

    @Test
    void anUnknownOption_exitsTwoWithAClearMessage() {
        assertThat(run("--robot", "5")).isEqualTo(2);
        assertThat(err()).contains("unknown option --robot").contains("--help");
    }

    @Test
    void anOptionWithoutItsValue_exitsTwo() {
        assertThat(run("--user", "acme:acme", "--robots")).isEqualTo(2);
        assertThat(err()).contains("--robots needs a value");
    }

    @Test
    void aNumberThatIsNoneOrOutOfRange_exitsTwo() {
        assertThat(run("--user", "acme:acme", "--robots", "five")).isEqualTo(2);
        assertThat(err()).contains("--robots must be a whole number, got 'five'");
        assertThat(run("--user", "acme:acme", "--capacity=0")).isEqualTo(2);
        assertThat(err()).contains("--capacity must be 1 to 1000, got 0");
    }

    @Test
    void aGatewayThatIsNoHttpUri_exitsTwo() {
        assertThat(run("--user", "acme:acme", "--gateway", "localhost:8084")).isEqualTo(2);
        assertThat(err()).contains("--gateway must be an http(s) URI");
    }

    @Test
    void aUserWithoutPassword_exitsTwo() {
        assertThat(run("--user", "acme")).isEqualTo(2);
        assertThat(err()).contains("--user must be USER:PASSWORD");
    }

    @Test
    void noUser_andNoSavedRobots_exitsTwo() {
        assertThat(run("--robots", "2")).isEqualTo(2);
        assertThat(err()).contains("--user is required to register robots");
    }

    @Test
    void aStrayArgument_exitsTwo() {
        assertThat(run("--user", "acme:acme", "5")).isEqualTo(2);
        assertThat(err()).contains("unexpected argument '5'");
    }

    @Test
    void aBadNamePrefix_exitsTwo() {
        assertThat(run("--user", "acme:acme", "--name-prefix", "-x")).isEqualTo(2);
        assertThat(err()).contains("--name-prefix '-x' is not valid");
    }

    @Test
    void aRun_registersItsRobots_printsTheFleetStatus_andStopsOnShutdown(@TempDir Path dataDir) throws Exception {
        try (ScriptedGateway gateway = new ScriptedGateway()) {
            CompletableFuture<Void> shutdown = new CompletableFuture<>();
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> AgentCli.run(new String[] {
                "--gateway", gateway.uri().toString(), "--user", "acme:acme", "--robots", "2", "--name-prefix",
                "cli", "--data-dir", dataDir.toString(), "--no-sse", "--status-every", "1"}, print(out), print(err),
                    shutdown));

            await().atMost(PATIENCE).until(() -> out().contains("fleet of 2 robots running: running=0"));
            assertThat(gateway.registrations()).isEqualTo(2);
            assertThat(dataDir.resolve("robots.json")).exists();
            assertThat(gateway.heartbeats()).isNotEmpty();
            shutdown.complete(null);

            assertThat(exit.get(60, TimeUnit.SECONDS)).isEqualTo(0);
            assertThat(err()).isEmpty();
        }
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return AgentCli.run(args, print(out), print(err), CompletableFuture.completedFuture(null));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
