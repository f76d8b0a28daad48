package org.jobplatform.starter.phase;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.junit.jupiter.api.Test;

/** The phase view's rules, without Kafka or Spring. */
class PhaseViewTest {

    static MaintenancePhaseChanged change(Scope scope, Phase phase, long epoch) {
        return new MaintenancePhaseChanged(scope.key(), scope.tenantId(), phase, Phase.NONE, epoch,
                phase == Phase.NONE ? null : "w-" + scope.key(), Instant.now(), "admin", null, false, false,
                DrainStrategy.STOP, null, false, Instant.now());
    }

    @Test
    void aRepeatedOrStaleEpoch_changesNothing_andIsNotAnnounced() {
        PhaseView view = new PhaseView();
        List<Long> announced = new ArrayList<>();
        view.addListener((c, catchUp) -> announced.add(c.epoch()));
        Scope acme = Scope.tenant("acme");
        assertThat(view.apply(change(acme, Phase.SUSPENDED, 5))).isTrue();
        assertThat(view.apply(change(acme, Phase.NONE, 5))).isFalse();
        assertThat(view.apply(change(acme, Phase.NONE, 3))).isFalse();
        assertThat(view.effectivePhase("acme")).isEqualTo(Phase.SUSPENDED);
        assertThat(announced).containsExactly(5L);
        assertThat(view.appliedEpochs()).containsEntry("tenant:acme", 5L);
    }

    @Test
    void hostDrainingAndTenantSuspended_composeToTheStrongerPhasePerTenant() {
        PhaseView view = new PhaseView();
        view.apply(change(Scope.HOST, Phase.DRAINING, 1));
        view.apply(change(Scope.tenant("acme"), Phase.SUSPENDED, 1));
        assertThat(view.effectivePhase("acme")).isEqualTo(Phase.SUSPENDED);
        assertThat(view.effective("acme").windowId()).isEqualTo("w-tenant:acme");
        assertThat(view.effectivePhase("globex")).isEqualTo(Phase.DRAINING);
        assertThat(view.effective("globex").windowId()).isEqualTo("w-host");
        assertThat(view.effectivePhase(null)).isEqualTo(Phase.DRAINING);
        view.apply(change(Scope.HOST, Phase.SUSPENDED, 2));
        view.apply(change(Scope.tenant("acme"), Phase.NONE, 2));
        assertThat(view.effectivePhase("acme")).isEqualTo(Phase.SUSPENDED);
        view.apply(change(Scope.HOST, Phase.NONE, 3));
        assertThat(view.effectivePhase("acme")).isEqualTo(Phase.NONE);
        assertThat(view.effective("acme")).isEqualTo(EffectiveState.NONE);
    }

    @Test
    void listeners_areToldWhetherAChangeIsPartOfTheCatchUp() {
        PhaseView view = new PhaseView();
        List<Boolean> catchUps = new ArrayList<>();
        view.addListener((c, catchUp) -> catchUps.add(catchUp));
        view.apply(change(Scope.HOST, Phase.DRAINING, 1));
        view.markCaughtUp();
        view.apply(change(Scope.HOST, Phase.NONE, 2));
        assertThat(catchUps).containsExactly(true, false);
    }
}
