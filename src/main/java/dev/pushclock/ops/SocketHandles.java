package dev.pushclock.ops;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData.TypedKey;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpConnection;

/**
 * Keeps each upgraded socket's underlying connection with the socket, for what only the
 * connection allows ({@link Sockets}): websockets-next does not hand it out, but the upgrade request
 * it checks is still on it. Puts the protocol guard in place before the first frame can arrive. Never refuses: the checks are the door's ({@link HttpAdmission}).
 */
@ApplicationScoped
public class SocketHandles implements HttpUpgradeCheck {

    public static final TypedKey<HttpConnection> CONNECTION = new TypedKey<>("pushclock.connection");

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        HttpConnection connection = context.httpRequest().connection();
        context.userData().put(CONNECTION, connection);
        Sockets.guardWebSocket(connection);
        return CheckResult.permitUpgrade();
    }
}
