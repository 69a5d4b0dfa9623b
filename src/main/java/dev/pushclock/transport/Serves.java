package dev.pushclock.transport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names the transport a Quarkus REST resource class serves, so the door admits what REST matched ({@link Transport#servedBy}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Serves {

    Transport value();
}
