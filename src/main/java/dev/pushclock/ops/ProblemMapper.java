package dev.pushclock.ops;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Answers what Quarkus REST refuses with a problem document. */
public class ProblemMapper {

    @ServerExceptionMapper
    public Response refused(Refused refused) {
        Response.ResponseBuilder response = Response.fromResponse(EdgeProblems.problem(refused.problem()));
        refused.headers().forEach(response::header);
        return response.build();
    }
}
