package org.jobplatform.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuUseTest {

    @Test
    void procStat_busyIsEverythingButIdleAndIowait() {
        String stat = """
                cpu  100 5 50 800 20 3 2 0 40 0
                cpu0 50 2 25 400 10 1 1 0 20 0
                intr 12345
                """;

        assertThat(CpuUse.parseProcStat(stat)).containsExactly(160, 980);
        assertThat(CpuUse.parseProcStat("intr 1")).containsExactly(-1, -1);
    }

    @Test
    void coresAreCpuTimeOverWallTime_andTheMachineShareTimesItsCpus() {
        CpuUse.Reading start = new CpuUse.Reading(0, 1_000_000_000L, 0, 100, 1000);
        CpuUse.Reading end = new CpuUse.Reading(2_000_000_000L, 2_500_000_000L, 1_000_000_000L, 400, 1400);

        CpuUse use = CpuUse.between(start, end, 2);

        assertThat(use.target()).isCloseTo(0.75, within(1e-9));
        assertThat(use.benchmark()).isCloseTo(0.5, within(1e-9));
        assertThat(use.machine()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void unknownCountersGiveNaN() {
        CpuUse.Reading start = new CpuUse.Reading(0, -1, 0, -1, -1);
        CpuUse.Reading end = new CpuUse.Reading(1_000_000_000L, -1, 1_000_000L, -1, -1);

        CpuUse use = CpuUse.between(start, end, 2);

        assertThat(use.target()).isNaN();
        assertThat(use.machine()).isNaN();
        assertThat(use.benchmark()).isCloseTo(0.001, within(1e-9));
    }
}
