package dev.pushclock.packaged;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sockets that never finish their request head, more of them than the process may open files,
 * against the packaged app under a container-like open-file limit: the application port caps its
 * connections below that limit (ConnectionCeiling), so the management port still answers its
 * probes meanwhile, the process never runs out of descriptors, and the service answers again as
 * soon as the sockets go.
 */
class ConnectionCeilingIT {

    private static final int OPEN_FILES = 640;
    private static final int HALF_SENT = 900;

    private static PackagedApp app;

    @BeforeAll
    static void start() throws Exception {
        app = PackagedApp.startWithOpenFiles(OPEN_FILES, Map.of());
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private long openFiles() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(app.pid()), "fd"))) {
            return descriptors.count();
        }
    }

    private int clock() {
        return PackagedApp.status(app.uri().resolve("/api/clock"));
    }

    @Test
    void halfSentRequestsLeaveDescriptorsForTheProbes() throws Exception {
        assertEquals(200, clock());
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < HALF_SENT; i++) {
                Socket socket = new Socket();
                sockets.add(socket);
                try {
                    socket.connect(new InetSocketAddress(app.uri().getHost(), app.port()), 2000);
                    socket.getOutputStream().write("GET /api/clock HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closedOverTheCap) {
                    // the server closed this one at once: that is the cap at work
                }
            }
            // A burst may take the last descriptors for a moment, until the event loops have closed
            // what is over the cap (Netty then pauses accepting); with no cap they stay taken.
            Awaitility.await("the process's descriptors, with the half-sent requests still open")
                    .atMost(Duration.ofSeconds(10)).until(this::openFiles, used -> used <= OPEN_FILES - 100);
            Awaitility.await("the readiness probe on the management port").atMost(Duration.ofSeconds(10))
                    .until(() -> app.readiness() == 200);
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        Awaitility.await("the clock, once the half-sent requests are gone").atMost(Duration.ofSeconds(10))
                .until(() -> clock() == 200);
        String log = app.log();
        assertFalse(log.contains("ERROR"), log);
    }
}
