package dev.pushclock.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pushclock.proxy.TestCertificate;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * In the dev profile the service makes its own certificate for localhost and serves HTTPS, and so
 * HTTP/2, beside plain HTTP: what {@code ./mvnw quarkus:dev} does for a visitor who opens more than
 * one tab. The client trusts exactly the PEM file the service wrote, as the README tells a browser
 * and curl to, not any certificate at all.
 */
@QuarkusTest
@TestProfile(DevModeServesHttp2Test.DevProfile.class)
class DevModeServesHttp2Test {

    static final Path DIRECTORY = Path.of("target", "dev-certificate-test");

    public static class DevProfile implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "dev";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(DevCertificate.DIRECTORY, DIRECTORY.toAbsolutePath().toString(),
                    "quarkus.http.test-ssl-port", "0");
        }
    }

    @TestHTTPResource(value = "/api/clock", tls = true)
    URI overHttps;

    @TestHTTPResource("/api/clock")
    URI overHttp;

    private static HttpClient trustingTheDevCertificate() throws Exception {
        X509Certificate made;
        try (InputStream pem = Files.newInputStream(DIRECTORY.resolve(LocalhostKeyStore.CERTIFICATE))) {
            made = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(pem);
        }
        return HttpClient.newBuilder().sslContext(TestCertificate.trusting(made)).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHttp2OverTheCertificateItMade() throws Exception {
        assertEquals("https", overHttps.getScheme());
        HttpResponse<String> response = get(trustingTheDevCertificate(), URI.create(
                overHttps.toString().replace("://" + overHttps.getHost(), "://localhost")));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(HttpClient.Version.HTTP_2, response.version(), "ALPN should choose HTTP/2");
        assertTrue(response.body().contains("\"seq\":"), response.body());
    }

    @Test
    void plainHttpStaysBesideIt() throws Exception {
        HttpResponse<String> response = get(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(), overHttp);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(HttpClient.Version.HTTP_1_1, response.version());
    }
}
