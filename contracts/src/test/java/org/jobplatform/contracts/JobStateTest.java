package org.jobplatform.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The job lifecycle's legal transitions. */
class JobStateTest {

    @ParameterizedTest
    @EnumSource(value = JobState.class, names = {"SUCCESSFUL", "FAULTED", "STOPPED", "KILLED"})
    void anEndedJob_neverChangesAgain(JobState ended) {
        assertThat(ended.isFinal()).isTrue();
        assertThat(ended.next()).isEmpty();
    }

    @Test
    void aPendingJob_canStartOrBeStoppedOrKilledBeforeItStarts_butNotBeStopping() {
        assertThat(JobState.PENDING.canMoveTo(JobState.RUNNING)).isTrue();
        assertThat(JobState.PENDING.canMoveTo(JobState.STOPPED)).isTrue();
        assertThat(JobState.PENDING.canMoveTo(JobState.KILLED)).isTrue();
        assertThat(JobState.PENDING.canMoveTo(JobState.STOPPING)).isFalse();
        assertThat(JobState.PENDING.canMoveTo(JobState.SUCCESSFUL)).isFalse();
    }

    @Test
    void aRunningJob_isStoppedGracefullyOrKilled_andNeverGoesBack() {
        assertThat(JobState.RUNNING.canMoveTo(JobState.STOPPING)).isTrue();
        assertThat(JobState.STOPPING.canMoveTo(JobState.TERMINATING)).isTrue();
        assertThat(JobState.STOPPING.canMoveTo(JobState.RUNNING)).isFalse();
        assertThat(JobState.TERMINATING.canMoveTo(JobState.STOPPING)).isFalse();
        assertThat(JobState.RUNNING.canMoveTo(JobState.PENDING)).isFalse();
    }

    @Test
    void statesParseCaseInsensitively_andAnUnknownOneNamesTheAcceptedValues() {
        assertThat(JobState.parse("running")).isEqualTo(JobState.RUNNING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobState.parse("done"))
                .hasMessageContaining("accepted: PENDING, RUNNING");
    }
}
