package dev.pushclock.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.pushclock.transport.Transport;
import io.vertx.core.json.JsonObject;

/** The connections the server counts, from its {@code /api/stats}: what tests hold it to. */
public final class ServerStats {

    /**
     * One client for every look, so its one kept-alive connection is the only one the looks add to
     * the server's (a test counting the server's connection objects takes it in its baseline).
     */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private ServerStats() {
    }

    private static JsonObject stats(URI app) {
        try {
            return new JsonObject(CLIENT.send(HttpRequest.newBuilder(app.resolve("/api/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new AssertionError("no /api/stats from " + app, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Connections open now on one transport. */
    public static long connections(URI app, Transport transport) {
        return connections(app, transport.id());
    }

    /** Connections open now on one transport, by its id in the stats. */
    public static long connections(URI app, String transport) {
        return stats(app).getJsonObject(transport).getLong("connections");
    }

    /** Messages one transport has sent since the server started. */
    public static long messages(URI app, Transport transport) {
        return stats(app).getJsonObject(transport.id()).getLong("messages");
    }

    /** Connections open now, every transport together. */
    public static long allConnections(URI app) {
        JsonObject stats = stats(app);
        return stats.fieldNames().stream().mapToLong(transport -> stats.getJsonObject(transport).getLong("connections")).sum();
    }
}
