package dev.pushclock.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * An RFC 9457 problem document: how every client error is answered, by REST resources and by the
 * WebSocket upgrade alike.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The transport is at its connection limit. */
    public static Problem busy(String transportId, int limit) {
        return new Problem("about:blank", "Service Unavailable", 503,
                transportId + " is at its limit of " + limit + " connections; try again later", null);
    }

    /** A client error of the HTTP layer: the status's own title and what to do about it. */
    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null);
    }

    /** A method the path does not take; {@code allowed} is what its {@code Allow} header says too. */
    public static Problem notAllowed(String allowed) {
        return of(405, "Method Not Allowed", "this path takes " + allowed);
    }

    public static Problem badParameter(BadParameterException e) {
        return new Problem("about:blank", "Bad Request", 400, e.getMessage(), e.parameter());
    }

    /** Answers a Vert.x route's request with this problem, for handlers outside Quarkus REST. */
    public void send(HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(toJson());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings and an int always serialises", e);
        }
    }
}
