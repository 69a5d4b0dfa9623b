package dev.pushclock.testing;

import java.net.URI;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.arc.Arc;

/**
 * Where the service under test serves {@code /q/*}: Quarkus's management interface, on its own port.
 * Inside Quarkus the test framework knows it; for the packaged app the build reserves one
 * (pom.xml: {@code pushclock.it.management-port}) and hands it to the app.
 */
public final class Management {

    private Management() {
    }

    /** A path under {@code /q} there: {@code uri("/metrics")} is {@code http://host:port/q/metrics}. */
    public static URI uri(String path) {
        String base;
        if (Arc.container() != null && Arc.container().isRunning()) {
            base = ConfigProvider.getConfig().getValue("test.management.url", String.class);
        } else {
            String port = System.getProperty("pushclock.it.management-port");
            if (port == null) {
                throw new IllegalStateException("no management port: run the *IT tests through ./mvnw verify");
            }
            base = "http://localhost:" + port + "/q";
        }
        return URI.create(base + path);
    }
}
