package dev.pushclock.ops;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;

/**
 * The HTTP server's edges that Quarkus has no property for. HTTP/2 only over TLS: cleartext h2c
 * (an {@code Upgrade: h2c} request, or prior knowledge) would let a request slip past a proxy's
 * rules inside another, so it is off unless {@code pushclock.h2c} turns it on. WebSocket frames
 * with reserved bits are refused, since no extension is ever negotiated. And where
 * {@code pushclock.send-buffer-size} is set, each connection's kernel send buffer is capped: left
 * alone, Linux lets a client that stopped reading hold megabytes; a push connection needs kilobytes.
 */
@ApplicationScoped
public class HttpEdges implements HttpServerOptionsCustomizer {

    private final EdgeConfig config;

    HttpEdges(EdgeConfig config) {
        this.config = config;
    }

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        customize(options);
        options.setHttp2ClearTextEnabled(config.h2c());
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        customize(options);
    }

    private void customize(HttpServerOptions options) {
        options.setPerFrameWebSocketCompressionSupported(false);
        config.sendBufferSize().ifPresent(options::setSendBufferSize);
    }
}
