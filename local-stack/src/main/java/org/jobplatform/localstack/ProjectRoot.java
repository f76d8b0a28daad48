package org.jobplatform.localstack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the project's root folder: the nearest folder at or above a start folder holding {@code mvnw} and {@code local-stack/}. */
public final class ProjectRoot {

    private ProjectRoot() {
    }

    /**
     * Walks up from {@code start} to the first folder that contains both a {@code mvnw} file and a
     * {@code local-stack} folder.
     *
     * @param start the folder to start from, usually the current directory
     * @return the absolute project root
     * @throws IllegalStateException when no folder up to the file system root qualifies
     */
    public static Path find(Path start) {
        Path current = start.toAbsolutePath().normalize();
        while (current != null) {
            if (Files.isRegularFile(current.resolve("mvnw")) && Files.isDirectory(current.resolve("local-stack"))) {
                return current;
            }
            current = current.getParent();
        }
        throw new IllegalStateException("Cannot find the project root (a folder with mvnw and local-stack/) at or above "
                + start.toAbsolutePath().normalize() + "; run the stack from inside the project");
    }
}
