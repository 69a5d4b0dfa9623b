package dev.pushclock.proxy;

import dev.pushclock.packaged.PackagedApp;

/** A replica as a proxy sees it: where it serves, and where its readiness is checked. */
public record Upstream(String host, int port, int healthPort) {

    public static Upstream of(PackagedApp app) {
        return new Upstream("127.0.0.1", app.port(), app.managementPort());
    }

    public String address() {
        return host + ":" + port;
    }
}
