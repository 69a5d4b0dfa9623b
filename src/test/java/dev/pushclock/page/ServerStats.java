package dev.pushclock.page;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.vertx.core.json.JsonObject;

/** The connections the server counts, from its {@code /api/stats}: what the browser tests hold it to. */
final class ServerStats {

    private ServerStats() {
    }

    private static JsonObject stats(URI app) {
        try {
            return new JsonObject(HttpClient.newHttpClient().send(HttpRequest.newBuilder(app.resolve("/api/stats")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new AssertionError("no /api/stats from " + app, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Connections open now on one transport. */
    static long connections(URI app, String transport) {
        return stats(app).getJsonObject(transport).getLong("connections");
    }

    /** Connections open now, every transport together. */
    static long allConnections(URI app) {
        JsonObject stats = stats(app);
        return stats.fieldNames().stream().mapToLong(transport -> stats.getJsonObject(transport).getLong("connections")).sum();
    }
}
