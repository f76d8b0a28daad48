package org.jobplatform.benchmarks.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.jobplatform.localstack.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BareEndpointTest {

    @TempDir
    Path folder;

    @Test
    void fromTheExecutableJar_bootsPropertiesLauncherRunsTheServer_withTheServicesJvmOptions() {
        List<String> command = BareEndpoint.command(Path.of("/opt/jdk"), "/work/benchmarks-exec.jar", true, 40123,
                Path.of("/tmp/logs/bare-endpoint"));

        assertThat(command.get(0)).isEqualTo(Path.of("/opt/jdk", "bin", "java").toString());
        assertThat(command.subList(1, 1 + ServiceProcess.JVM_OPTIONS.size())).isEqualTo(ServiceProcess.JVM_OPTIONS);
        assertThat(command).containsSubsequence("-cp", "/work/benchmarks-exec.jar",
                "-Dloader.main=" + BareHeartbeatServer.class.getName(), BareEndpoint.PROPERTIES_LAUNCHER,
                "--server.port=40123");
        assertThat(command).contains("-Dlocalstack.logs=" + Path.of("/tmp/logs/bare-endpoint"));
    }

    @Test
    void fromAPlainClassPath_runsTheServerClassDirectly() {
        List<String> command = BareEndpoint.command(Path.of("/opt/jdk"), "/a/classes", false, 40123, folder);

        assertThat(command).containsSubsequence("-cp", "/a/classes", BareHeartbeatServer.class.getName(),
                "--server.port=40123");
        assertThat(command).noneMatch(argument -> argument.startsWith("-Dloader.main"));
    }

    @Test
    void onlyASingleJarWithBootsManifestIsAnExecutableJar() throws IOException {
        Path boot = jar("boot.jar", "BOOT-INF/classes/");
        Path plain = jar("plain.jar", null);

        assertThat(BareEndpoint.isBootJar(boot.toString())).isTrue();
        assertThat(BareEndpoint.isBootJar(plain.toString())).isFalse();
        assertThat(BareEndpoint.isBootJar(boot + File.pathSeparator + plain)).isFalse();
        assertThat(BareEndpoint.isBootJar(folder.toString())).isFalse();
    }

    @Test
    void classPathEntriesAreMadeAbsolute() {
        String absolute = BareEndpoint.absolute("target/classes" + File.pathSeparator + "/lib/a.jar");

        assertThat(absolute.split(File.pathSeparator)).containsExactly(
                Path.of("target/classes").toAbsolutePath().toString(), "/lib/a.jar");
    }

    private Path jar(String name, String bootClasses) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (bootClasses != null) {
            manifest.getMainAttributes().putValue("Spring-Boot-Classes", bootClasses);
        }
        Path jar = folder.resolve(name);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(file,
                manifest)) {
            return jar;
        }
    }
}
