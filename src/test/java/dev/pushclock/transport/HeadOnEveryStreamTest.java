package dev.pushclock.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.pushclock.testing.ServerStats;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * HEAD on a stream is told what its GET would be told, status and headers, and ends there: it
 * holds no connection and joins no stream (HTTP requires HEAD wherever GET is served, and a
 * monitor or a proxy's check asks with it). A bad parameter is refused as for GET.
 */
@QuarkusTest
class HeadOnEveryStreamTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URI root;

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = { "IFRAME", "SSE", "NDJSON" })
    void headGetsTheStreamsHeadersAndEnds(Transport transport) throws Exception {
        HttpResponse<String> head = head(transport.path() + "?zone=Europe/Paris");
        assertEquals(200, head.statusCode(), head.headers().map().toString());
        assertEquals(transport.contentType(), head.headers().firstValue("Content-Type").orElse(null));
        assertEquals("no-cache, no-transform", head.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("", head.body());
        assertEquals(200, head(Transport.POLL.path()).statusCode(), "the kept-alive connection serves its next request");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertEquals(0, ServerStats.connections(root, transport),
                "a HEAD still counted as a connection of " + transport));
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = { "IFRAME", "SSE", "NDJSON" })
    void headWithABadParameterIsRefusedAsGetIs(Transport transport) throws Exception {
        HttpResponse<String> head = head(transport.path() + "?zone=Nowhere/Special");
        assertEquals(400, head.statusCode(), head.headers().map().toString());
        assertTrue(head.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                head.headers().map().toString());
    }

    private HttpResponse<String> head(String pathAndQuery) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(root.resolve(pathAndQuery)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
