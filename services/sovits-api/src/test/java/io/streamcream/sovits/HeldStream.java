package io.streamcream.sovits;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A streaming HTTP/1.1 GET over a plain socket with a small receive buffer that reads the status line and headers and
 * then stops reading. The server's writes block once the socket buffers are full, so the synthesis behind it waits on
 * back-pressure and keeps its pool slot until {@link #readBody()} drains the (chunked) body.
 */
final class HeldStream implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final int status;
    private final boolean chunked;

    private HeldStream(Socket socket, InputStream in, int status, boolean chunked) {
        this.socket = socket;
        this.in = in;
        this.status = status;
        this.chunked = chunked;
    }

    static HeldStream open(int port, String pathAndQuery) {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 256);
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            return new HeldStream(socket, in, status, chunked);
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException(e);
        }
    }

    int status() {
        return status;
    }

    /** Reads the rest of the body (de-chunked) until the server closes it. */
    byte[] readBody() {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (!chunked) {
                in.transferTo(body);
                return body.toByteArray();
            }
            while (true) {
                String sizeLine = line(in);
                int semicolon = sizeLine.indexOf(';');
                int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
                if (size == 0) {
                    return body.toByteArray();
                }
                body.write(in.readNBytes(size));
                line(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed in the middle of a line");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
