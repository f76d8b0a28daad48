package org.jobplatform.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Finds free TCP ports on the loopback interface and checks whether a given port is free. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Returns a port that was free on 127.0.0.1 at the time of the call.
     *
     * @return a currently unused port number
     */
    public static int find() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port could be found", e);
        }
    }

    /**
     * Tells whether nothing listens on the given port, checking both the loopback address and the
     * wildcard address.
     *
     * @param port the port to check
     * @return true when a server socket could be bound to the port
     */
    public static boolean isFree(int port) {
        return canBind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                && canBind(new InetSocketAddress(port));
    }

    /**
     * Throws an {@link IllegalStateException} with a readable message when the port is in use.
     *
     * @param port the port that must be free
     * @param what what the port is meant for, used in the message
     */
    public static void requireFree(int port, String what) {
        if (!isFree(port)) {
            throw new IllegalStateException(
                    "Port " + port + " needed for " + what + " is already in use; stop whatever listens on it and retry");
        }
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
