package dev.pushclock.clock;

import java.time.InstantSource;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/** The wall clock the feed goes by, unless a test puts a clock it drives in its place. */
public class SystemTime {

    @Produces
    @Singleton
    @DefaultBean
    InstantSource wallClock() {
        return InstantSource.system();
    }
}
