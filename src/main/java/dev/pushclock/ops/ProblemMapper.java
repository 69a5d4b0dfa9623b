package dev.pushclock.ops;

import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns a bad parameter into a 400 problem document. */
public class ProblemMapper {

    @ServerExceptionMapper
    public RestResponse<String> badParameter(BadParameterException e) {
        return RestResponse.ResponseBuilder.create(RestResponse.Status.BAD_REQUEST, Problem.badParameter(e).toJson())
                .header(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
