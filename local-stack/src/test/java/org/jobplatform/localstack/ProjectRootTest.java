package org.jobplatform.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectRootTest {

    @TempDir
    Path tempDir;

    @Test
    void theRootIsFoundFromADeeplyNestedFolder() throws Exception {
        Path root = projectAt(tempDir.resolve("project"));
        Path nested = Files.createDirectories(root.resolve("job-service/src/main/java"));

        assertThat(ProjectRoot.find(nested)).isEqualTo(root);
    }

    @Test
    void theRootIsFoundFromTheRootItself() throws Exception {
        Path root = projectAt(tempDir.resolve("project"));

        assertThat(ProjectRoot.find(root)).isEqualTo(root);
    }

    @Test
    void aFolderWithMvnwButWithoutLocalStackIsSkipped() throws Exception {
        Path root = projectAt(tempDir.resolve("project"));
        Path inner = Files.createDirectories(root.resolve("nested"));
        Files.createFile(inner.resolve("mvnw"));

        assertThat(ProjectRoot.find(inner)).isEqualTo(root);
    }

    @Test
    void outsideAnyProjectTheSearchFailsWithAHint() throws Exception {
        Path elsewhere = Files.createDirectories(tempDir.resolve("elsewhere"));

        assertThatThrownBy(() -> ProjectRoot.find(elsewhere))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mvnw")
                .hasMessageContaining(elsewhere.toString());
    }

    @Test
    void theRealProjectRootIsFoundFromThisModule() {
        Path root = ProjectRoot.find(Path.of(""));

        assertThat(root.resolve("mvnw")).isRegularFile();
        assertThat(root.resolve("local-stack")).isDirectory();
    }

    private static Path projectAt(Path root) throws Exception {
        Files.createDirectories(root.resolve("local-stack"));
        Files.createFile(root.resolve("mvnw"));
        return root;
    }
}
