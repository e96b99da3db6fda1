package org.issueledger.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before a server starts, so a taken port fails loudly instead of half-starting. */
final class Ports {

    private Ports() {}

    /** A port free right now. Another process may grab it before we bind it; on a dev box that is rare. */
    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free local port", e);
        }
    }

    static void requireFree(int port, String what) {
        try (ServerSocket socket = new ServerSocket()) {
            // Same option the servers use, so a port lingering in TIME_WAIT after our own restart counts as free.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new IllegalStateException(what + " cannot listen on port " + port
                    + ": it is already in use (another instance still running? choose another port)", e);
        }
    }
}
