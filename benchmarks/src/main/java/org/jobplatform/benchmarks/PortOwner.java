package org.jobplatform.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Tells, from {@code /proc} on Linux, whether a process holds the listening socket of a TCP port. A readiness poll
 * only asks the port: when another stack takes 8081 or 8084 between the benchmark's port check and its services'
 * start, the poll is answered by the other stack while ours fail to bind, and the load would go to the wrong
 * processes.
 */
public final class PortOwner {

    private static final String LISTEN = "0A";

    private PortOwner() {
    }

    /**
     * Tells whether the process listens on the port.
     *
     * @param pid  the process
     * @param port the TCP port
     * @return whether it does, empty when {@code /proc} cannot tell (another platform, no access)
     */
    public static Optional<Boolean> listens(long pid, int port) {
        Set<Long> inodes = new HashSet<>();
        try {
            for (String table : new String[] {"tcp", "tcp6"}) {
                Path file = Path.of("/proc/net", table);
                if (Files.isReadable(file)) {
                    inodes.addAll(listeningInodes(Files.readString(file), port));
                }
            }
            if (inodes.isEmpty()) {
                return Optional.of(false);
            }
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
                for (Path fd : fds) {
                    Long inode = socketInode(readLink(fd));
                    if (inode != null && inodes.contains(inode)) {
                        return Optional.of(true);
                    }
                }
            }
            return Optional.of(false);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * Extracts the inodes of the sockets listening on a port from a {@code /proc/net/tcp} or {@code tcp6} text.
     *
     * @param table the file's content
     * @param port  the TCP port
     * @return the inodes
     */
    static Set<Long> listeningInodes(String table, int port) {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        Set<Long> inodes = new HashSet<>();
        for (String line : table.split("\\R")) {
            String[] fields = line.trim().split("\\s+");
            // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
            if (fields.length > 9 && fields[1].endsWith(hexPort) && fields[3].equals(LISTEN)) {
                try {
                    inodes.add(Long.parseLong(fields[9]));
                } catch (NumberFormatException e) {
                    // not a table row
                }
            }
        }
        return inodes;
    }

    /**
     * Reads a {@code socket:[inode]} file-descriptor link.
     *
     * @param link the link's target
     * @return the inode, {@code null} for anything but a socket
     */
    static Long socketInode(String link) {
        if (link == null || !link.startsWith("socket:[") || !link.endsWith("]")) {
            return null;
        }
        try {
            return Long.parseLong(link.substring("socket:[".length(), link.length() - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException e) {
            // closed meanwhile
            return null;
        }
    }
}
