package org.jobplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class StackOptionsTest {

    private final Path workingDir = Path.of("/projects/jobplatform").toAbsolutePath();

    @Test
    void withoutArgumentsAllFiveServicesStartWithDataInTheDefaultFolder() {
        StackOptions options = StackOptions.parse(new String[0], workingDir);

        assertThat(options.dataDir()).isEqualTo(workingDir.resolve(".stack-data"));
        assertThat(options.wipe()).isFalse();
        assertThat(options.help()).isFalse();
        assertThat(options.services()).containsExactly(Service.MAINTENANCE_SERVICE, Service.JOB_SERVICE,
                Service.SCHEDULER_SERVICE, Service.ROBOT_GATEWAY, Service.AUDIT_SERVICE);
    }

    @Test
    void aRelativeDataDirIsResolvedAgainstTheWorkingDirectory() {
        StackOptions options = StackOptions.parse(new String[] {"--data-dir=tmp/../stack"}, workingDir);

        assertThat(options.dataDir()).isEqualTo(workingDir.resolve("stack"));
    }

    @Test
    void anAbsoluteDataDirIsTakenAsIs() {
        Path absolute = Path.of("/var/tmp/stack").toAbsolutePath();

        StackOptions options = StackOptions.parse(new String[] {"--data-dir=" + absolute}, workingDir);

        assertThat(options.dataDir()).isEqualTo(absolute);
    }

    @Test
    void wipeAndASubsetOfServicesAreRecognised() {
        StackOptions options = StackOptions.parse(
                new String[] {"--wipe", "--services=audit-service,maintenance-service"}, workingDir);

        assertThat(options.wipe()).isTrue();
        assertThat(options.services()).containsExactly(Service.MAINTENANCE_SERVICE, Service.AUDIT_SERVICE);
    }

    @Test
    void serviceNamesMayOmitTheServiceSuffixAndRepeat() {
        StackOptions options = StackOptions.parse(new String[] {"--services=job, robot-gateway,JOB"}, workingDir);

        assertThat(options.services()).containsExactly(Service.JOB_SERVICE, Service.ROBOT_GATEWAY);
    }

    @Test
    void helpIsRecognisedInBothSpellings() {
        assertThat(StackOptions.parse(new String[] {"--help"}, workingDir).help()).isTrue();
        assertThat(StackOptions.parse(new String[] {"-h"}, workingDir).help()).isTrue();
    }

    @Test
    void anUnknownServiceIsRejectedWithTheListOfKnownOnes() {
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--services=billing"}, workingDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("billing")
                .hasMessageContaining("maintenance-service,job-service,scheduler-service,robot-gateway,audit-service");
    }

    @Test
    void anUnknownFlagIsRejected() {
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--verbose"}, workingDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--verbose");
    }

    @Test
    void emptyValuesAreRejected() {
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--data-dir="}, workingDir))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--services=,"}, workingDir))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUsageTextMentionsEveryFlag() {
        assertThat(StackOptions.USAGE).contains("--build", "--data-dir=", "--wipe", "--services=", "--help",
                "--demo");
    }

    @Test
    void demoIsOff_unlessAsked_andNeedsJobServiceAndTheGateway() {
        assertThat(StackOptions.parse(new String[0], workingDir).demo()).isFalse();
        assertThat(StackOptions.parse(new String[] {"--demo"}, workingDir).demo()).isTrue();
        assertThatThrownBy(() -> StackOptions.parse(new String[] {"--demo", "--services=maintenance,job"}, workingDir))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("robot-gateway");
    }
}
