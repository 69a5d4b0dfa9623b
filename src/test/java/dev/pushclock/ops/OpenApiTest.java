package dev.pushclock.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;

import org.junit.jupiter.api.Test;

import dev.pushclock.testing.Management;
import dev.pushclock.transport.Parameter;
import dev.pushclock.transport.Transport;
import io.quarkus.test.junit.QuarkusTest;

/** The HTTP contract is published as OpenAPI: every transport of the registry, with every parameter it takes. */
@QuarkusTest
class OpenApiTest {

    @Test
    void everyEndpointIsDescribed() {
        var document = given().accept("application/json").get(Management.uri("/openapi?format=json")).then().statusCode(200)
                .body("paths", hasKey("/api/stats"));
        for (Transport transport : Transport.values()) {
            document.body("paths", hasKey(transport.path()));
            for (Parameter parameter : transport.parameters()) {
                document.body("paths.'" + transport.path() + "'.get.parameters.name", hasItem(parameter.queryName()));
            }
        }
    }
}
