package dev.pushclock.ops;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads at start the classes Netty first needs when the server closes a connection itself. Once
 * booted, Quarkus closes the application's jars to save memory ({@code RunnerClassLoader
 * .resetInternalCaches}), so a class loaded later opens its jar again, which takes a file
 * descriptor. A burst of connections over {@link ConnectionCeiling}'s cap can take every
 * descriptor for a moment; if the server's first close of its own falls in that moment, its class
 * cannot be loaded, the close fails, and the descriptors stay taken: the probes then fail too
 * (ConnectionCeilingIT saw it once in CI). Loaded here, a close needs no descriptor. A native
 * executable loads nothing at run time and skips this.
 */
@ApplicationScoped
class ClosingClasses {

    /** Found with {@code -Xlog:class+load} around the first close of a connection over the cap. */
    static final List<String> NAMES = List.of(
            "io.netty.util.ReferenceCountUtil",
            "io.netty.util.concurrent.GenericProgressiveFutureListener",
            "io.netty.channel.AbstractChannel$AbstractUnsafe$6");

    void onStart(@Observes StartupEvent event) {
        if (ImageMode.current().isNativeImage()) {
            return;
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String name : NAMES) {
            try {
                Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                // another Netty: ClosingClassesTest names the class to look for again
                Log.warnf("%s is not in this Netty; a first close under descriptor exhaustion may fail", name);
            }
        }
    }
}
