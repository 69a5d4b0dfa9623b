package dev.pushclock.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An RFC 9457 problem document: how every client error is answered, by REST resources and by the
 * WebSocket upgrade alike.
 */
public record Problem(String type, String title, int status, String detail, String parameter) {

    public static final String MEDIA_TYPE = "application/problem+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Problem badParameter(BadParameterException e) {
        return new Problem("about:blank", "Bad Request", 400, e.getMessage(), e.parameter());
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings and an int always serialises", e);
        }
    }
}
