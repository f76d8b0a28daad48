package org.jobplatform.benchmarks.propagation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reads a process's resident set size (VmRSS) from {@code /proc/<pid>/status} on Linux. */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /**
     * Returns the resident set size of a running process.
     *
     * @param pid the process id
     * @return the size in kilobytes, empty when the process is gone or the platform has no {@code /proc}
     */
    public static OptionalLong kilobytes(long pid) {
        try {
            return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Extracts the {@code VmRSS} line of a {@code /proc/<pid>/status} text.
     *
     * @param status the file's content
     * @return the size in kilobytes, empty when the line is missing
     */
    public static OptionalLong parse(String status) {
        for (String line : status.split("\\R")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(parts[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
