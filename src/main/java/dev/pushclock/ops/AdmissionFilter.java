package dev.pushclock.ops;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import dev.pushclock.transport.Transport;
import io.vertx.ext.web.RoutingContext;

/**
 * Admits the requests of the transports that Quarkus REST serves, once REST has matched the
 * resource: the transport is the one the matched class serves ({@code @Serves}), whatever form of
 * its path the request used. A refusal is answered by {@link ProblemMapper}.
 */
public class AdmissionFilter {

    private final HttpAdmission admission;

    AdmissionFilter(HttpAdmission admission) {
        this.admission = admission;
    }

    @ServerRequestFilter
    public void admit(SimpleResourceInfo resource, RoutingContext context) {
        Transport transport = Transport.servedBy(resource.getResourceClass());
        if (transport != null) {
            admission.admit(transport, context);
        }
    }
}
