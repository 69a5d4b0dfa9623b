package dev.pushclock.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import org.junit.jupiter.api.Test;

import dev.pushclock.packaged.PackagedApp;

/**
 * With a certificate the packaged service serves HTTPS (and HTTP/2) beside HTTP/1.1, and
 * {@code /api/stats} over HTTP/1.1 names the HTTPS page in a {@code Link} header, on the host the
 * request named: the demo page's waiting panels link to it. Over HTTPS, and without a certificate,
 * there is no such header.
 */
class StatsNameTheHttpsPageIT {

    /** Trusts the test's own self-signed certificate, and nothing else uses this client. */
    private static HttpClient trustingClient() throws Exception {
        X509TrustManager anything = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] { anything }, null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }

    private static HttpResponse<String> stats(HttpClient client, URI base) throws Exception {
        return client.send(HttpRequest.newBuilder(base.resolve("/api/stats")).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void overHttp11TheStatsNameTheHttpsPage() throws Exception {
        int sslPort = PackagedApp.freePort();
        try (PackagedApp app = PackagedApp.start(0, LocalTls.config(sslPort))) {
            HttpClient client = trustingClient();
            URI http = URI.create("http://localhost:" + app.port() + "/");
            assertEquals(Optional.of("<https://localhost:" + sslPort + "/>; rel=\"alternate\""),
                    stats(client, http).headers().firstValue("Link"));

            HttpResponse<String> overTls = stats(client, URI.create("https://localhost:" + sslPort + "/"));
            assertEquals(HttpClient.Version.HTTP_2, overTls.version(), "HTTPS speaks HTTP/2");
            assertEquals(200, overTls.statusCode());
            assertTrue(overTls.headers().firstValue("Link").isEmpty(), "over HTTPS there is nowhere better to go");
        }
    }

    @Test
    void withoutACertificateThereIsNoLink() throws Exception {
        try (PackagedApp app = PackagedApp.start(0, Map.of())) {
            HttpResponse<String> response = stats(HttpClient.newHttpClient(), app.uri());
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Link").isEmpty(), "Link: " + response.headers().firstValue("Link"));
        }
    }
}
