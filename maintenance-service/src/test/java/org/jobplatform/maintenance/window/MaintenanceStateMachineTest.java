package org.jobplatform.maintenance.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every cell of the state machine table, for the host and for a tenant, without Spring. */
class MaintenanceStateMachineTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    static java.util.stream.Stream<Scope> scopes() {
        return java.util.stream.Stream.of(Scope.HOST, Scope.tenant("acme"));
    }

    private static ScopeState in(Scope scope, Phase phase) {
        ScopeState initial = ScopeState.initial(scope);
        if (phase == Phase.NONE) {
            return initial;
        }
        return new ScopeState(scope, phase, 4, "w-1", NOW.minusSeconds(60), "admin", "upgrade", false, false,
                DrainStrategy.STOP, null, false);
    }

    private static Decision decide(ScopeState state, MaintenanceRequest request, long running) {
        return MaintenanceStateMachine.decide(state, request, running, NOW, () -> "w-new");
    }

    private static MaintenanceRequest start(Phase phase, boolean killJobs, boolean force) {
        return new MaintenanceRequest(phase, killJobs, force, "why", null, null, false, "admin");
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void none_startDraining_opensAWindow(Scope scope) {
        Decision d = decide(in(scope, Phase.NONE), start(Phase.DRAINING, false, false), 3);
        assertThat(d).isInstanceOf(Decision.Change.class);
        Decision.Change c = (Decision.Change) d;
        assertThat(c.opensWindow()).isTrue();
        assertThat(c.next().phase()).isEqualTo(Phase.DRAINING);
        assertThat(c.next().windowId()).isEqualTo("w-new");
        assertThat(c.next().epoch()).isEqualTo(1);
        assertThat(c.next().requestedBy()).isEqualTo("admin");
        assertThat(c.next().reason()).isEqualTo("why");
        assertThat(c.next().strategy()).isEqualTo(DrainStrategy.STOP);
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void none_startSuspended_withNoRunningJob_opensAWindow(Scope scope) {
        Decision.Change c = (Decision.Change) decide(in(scope, Phase.NONE), start(Phase.SUSPENDED, false, false), 0);
        assertThat(c.opensWindow()).isTrue();
        assertThat(c.next().phase()).isEqualTo(Phase.SUSPENDED);
        assertThat(c.next().killJobs()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void none_startSuspended_withRunningJobs_isAConflictWithTheCount(Scope scope) {
        Decision d = decide(in(scope, Phase.NONE), start(Phase.SUSPENDED, false, false), 7);
        assertThat(d).isInstanceOf(Decision.Conflict.class);
        assertThat(((Decision.Conflict) d).runningJobs()).isEqualTo(7);
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void none_startSuspended_withForce_suspendsAndKillsTheRunningJobs(Scope scope) {
        Decision.Change c = (Decision.Change) decide(in(scope, Phase.NONE), start(Phase.SUSPENDED, false, true), 7);
        assertThat(c.next().phase()).isEqualTo(Phase.SUSPENDED);
        assertThat(c.next().killJobs()).isTrue();
        assertThat(c.next().force()).isTrue();
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void none_end_changesNothing(Scope scope) {
        assertThat(decide(in(scope, Phase.NONE), MaintenanceRequest.end(null, "admin"), 0))
                .isInstanceOf(Decision.Unchanged.class);
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void draining_startDraining_changesNothing(Scope scope) {
        assertThat(decide(in(scope, Phase.DRAINING), start(Phase.DRAINING, false, false), 2))
                .isInstanceOf(Decision.Unchanged.class);
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void draining_startDrainingWithKillJobs_killsTheRemainingJobsInTheSameWindow(Scope scope) {
        Decision.Change c = (Decision.Change) decide(in(scope, Phase.DRAINING), start(Phase.DRAINING, true, false), 2);
        assertThat(c.next().phase()).isEqualTo(Phase.DRAINING);
        assertThat(c.next().killJobs()).isTrue();
        assertThat(c.next().windowId()).isEqualTo("w-1");
        assertThat(c.next().epoch()).isEqualTo(5);
        assertThat(c.opensWindow()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void draining_startSuspended_onceDrained_suspendsTheSameWindow(Scope scope) {
        Decision.Change c = (Decision.Change) decide(in(scope, Phase.DRAINING), start(Phase.SUSPENDED, false, false), 0);
        assertThat(c.next().phase()).isEqualTo(Phase.SUSPENDED);
        assertThat(c.next().windowId()).isEqualTo("w-1");
        assertThat(c.next().since()).isEqualTo(NOW);
        assertThat(c.opensWindow()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void draining_startSuspended_withRunningJobs_isAConflictWithTheCount(Scope scope) {
        Decision.Conflict c = (Decision.Conflict) decide(in(scope, Phase.DRAINING), start(Phase.SUSPENDED, false, false), 4);
        assertThat(c.runningJobs()).isEqualTo(4);
        assertThat(c.detail()).contains("4 job(s)");
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void draining_startSuspended_withForceOrKillJobs_killsAndSuspends(Scope scope) {
        for (MaintenanceRequest request : new MaintenanceRequest[] {start(Phase.SUSPENDED, false, true),
                start(Phase.SUSPENDED, true, false)}) {
            Decision.Change c = (Decision.Change) decide(in(scope, Phase.DRAINING), request, 4);
            assertThat(c.next().phase()).isEqualTo(Phase.SUSPENDED);
            assertThat(c.next().killJobs()).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void draining_end_closesTheWindow(Scope scope) {
        Decision.Change c = (Decision.Change) decide(in(scope, Phase.DRAINING), MaintenanceRequest.end(null, "ops"), 3);
        assertThat(c.closesWindow()).isTrue();
        assertThat(c.next().phase()).isEqualTo(Phase.NONE);
        assertThat(c.next().windowId()).isNull();
        assertThat(c.previous().windowId()).isEqualTo("w-1");
        assertThat(c.next().requestedBy()).isEqualTo("ops");
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void suspended_startDraining_isAConflict(Scope scope) {
        Decision d = decide(in(scope, Phase.SUSPENDED), start(Phase.DRAINING, false, false), 0);
        assertThat(d).isInstanceOf(Decision.Conflict.class);
        assertThat(((Decision.Conflict) d).runningJobs()).isNull();
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void suspended_startSuspended_changesNothing(Scope scope) {
        assertThat(decide(in(scope, Phase.SUSPENDED), start(Phase.SUSPENDED, false, false), 0))
                .isInstanceOf(Decision.Unchanged.class);
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void suspended_end_closesTheWindow(Scope scope) {
        Decision.Change c = (Decision.Change) decide(in(scope, Phase.SUSPENDED), MaintenanceRequest.end(null, "ops"), 0);
        assertThat(c.closesWindow()).isTrue();
        assertThat(c.next().phase()).isEqualTo(Phase.NONE);
        assertThat(c.next().epoch()).isEqualTo(5);
    }

    @ParameterizedTest
    @MethodSource("scopes")
    void startOptions_areKeptInTheOpenedWindow(Scope scope) {
        MaintenanceRequest request = new MaintenanceRequest(Phase.DRAINING, false, false, "db upgrade",
                DrainStrategy.FINISH, Duration.ofMinutes(30), true, "admin");
        Decision.Change c = (Decision.Change) decide(in(scope, Phase.NONE), request, 0);
        assertThat(c.next().strategy()).isEqualTo(DrainStrategy.FINISH);
        assertThat(c.next().drainDeadline()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.next().autoSuspend()).isTrue();
        assertThat(c.next().toEvent(Phase.NONE, NOW).drainDeadline()).isEqualTo("PT30M");
    }
}
