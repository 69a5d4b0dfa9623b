package dev.pushclock.ops;

import jakarta.enterprise.context.ApplicationScoped;

import dev.pushclock.clock.ClockConfig;
import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * Caps the kernel's send buffer of every connection when {@code pushclock.send-buffer-size} is
 * set. Left alone, Linux lets a connection whose client has stopped reading hold megabytes of
 * unsent data; a push connection needs a few kilobytes.
 */
@ApplicationScoped
public class SocketBuffers implements HttpServerOptionsCustomizer {

    private final ClockConfig config;

    SocketBuffers(ClockConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        config.sendBufferSize().ifPresent(options::setSendBufferSize);
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        customizeHttpServer(options);
    }
}
