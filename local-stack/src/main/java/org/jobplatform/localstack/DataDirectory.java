package org.jobplatform.localstack;

import org.jobplatform.infra.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The folder holding the local stack's Kafka data, PostgreSQL data and service logs. */
public final class DataDirectory {

    /** File marking a folder as created by the local stack, so that {@code --wipe} only deletes such folders. */
    public static final String MARKER = ".local-stack";

    private final Path root;

    private DataDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates the folder and its marker, after deleting it first when {@code wipe} is set.
     *
     * @param root the data folder
     * @param wipe whether to delete existing content first
     * @return the prepared folder
     * @throws IllegalStateException when asked to wipe a non-empty folder the local stack did not create
     */
    public static DataDirectory prepare(Path root, boolean wipe) {
        Path dir = root.toAbsolutePath().normalize();
        try {
            if (wipe && Files.exists(dir)) {
                if (!Files.exists(dir.resolve(MARKER)) && !isEmpty(dir)) {
                    throw new IllegalStateException("Refusing to wipe " + dir
                            + ": it is not empty and was not created by the local stack (no " + MARKER + " file)");
                }
                Directories.deleteRecursively(dir);
            }
            Files.createDirectories(dir);
            Files.createDirectories(dir.resolve("logs"));
            if (!Files.exists(dir.resolve(MARKER))) {
                Files.writeString(dir.resolve(MARKER), "Data folder of the job platform local stack\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare data folder " + dir, e);
        }
        return new DataDirectory(dir);
    }

    /**
     * Returns the data folder.
     *
     * @return the absolute folder
     */
    public Path root() {
        return root;
    }

    /**
     * Returns the Kafka data folder.
     *
     * @return {@code <data>/kafka}
     */
    public Path kafka() {
        return root.resolve("kafka");
    }

    /**
     * Returns the PostgreSQL data folder.
     *
     * @return {@code <data>/postgres}
     */
    public Path postgres() {
        return root.resolve("postgres");
    }

    /**
     * Returns the log folder.
     *
     * @return {@code <data>/logs}
     */
    public Path logs() {
        return root.resolve("logs");
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

}
