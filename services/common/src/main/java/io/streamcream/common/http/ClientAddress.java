package io.streamcream.common.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.helidon.webserver.http.ServerRequest;

/**
 * The address a request came from, as used for rate limits. Forwarding headers are ignored: they
 * are client-controlled unless a trusted proxy sets them, and no proxy is assumed.
 */
public final class ClientAddress {

    private ClientAddress() {
    }

    /**
     * @param request the request
     * @return the peer's IP address as text
     */
    public static String of(ServerRequest request) {
        SocketAddress address = request.remotePeer().address();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
