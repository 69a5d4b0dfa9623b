package dev.pushclock.transport;

import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.pushclock.clock.ClockFeed;
import dev.pushclock.clock.Tick;
import dev.pushclock.clock.TickJson;
import dev.pushclock.clock.Zones;

/**
 * The socket's JSON protocol, both ways. Down: a {@code tick} per tick (encoded once per tick and
 * zone for every socket), a {@code gap} when the client's cursor is older than the history, and the
 * heartbeat. Up: {@code ping} gets the server's time, {@code zone} moves the socket's ticks to another
 * zone from the next one on; anything else is answered with an {@code error} that says what is
 * accepted. A bad command never closes the socket.
 */
@ApplicationScoped
class SocketProtocol implements Push.Framing<TextFrame> {

    private static final TextFrame HEARTBEAT = TextFrame.of(Transport.WEBSOCKET.heartbeat().orElseThrow());

    private final ObjectMapper json;
    private final ClockFeed feed;
    private final FrameCache<TextFrame> ticks = new FrameCache<>((tick, zone) -> TextFrame.of(TickJson.typed("tick", tick, zone)));

    SocketProtocol(ObjectMapper json, ClockFeed feed) {
        this.json = json;
        this.feed = feed;
    }

    @Override
    public TextFrame tick(Tick tick, ZoneId zone) {
        return ticks.of(tick, zone);
    }

    @Override
    public TextFrame gap(long firstAvailable) {
        return TextFrame.of("{\"type\":\"gap\",\"firstAvailable\":" + firstAvailable + "}");
    }

    @Override
    public TextFrame heartbeat() {
        return HEARTBEAT;
    }

    /** The reply to one text message from the client of this push. */
    String answer(String message, Push<TextFrame> push) {
        JsonNode command;
        try {
            command = json.readTree(message);
        } catch (JsonProcessingException notJson) {
            return error("a command is a JSON object such as {\"type\":\"ping\"}");
        }
        String type = command == null ? null : command.path("type").textValue();
        if ("ping".equals(type)) {
            return json.createObjectNode().put("type", "pong").put("serverMillis", feed.time().millis()).toString();
        }
        if ("zone".equals(type)) {
            return Zones.parse(command.path("zone").textValue())
                    .map(zone -> {
                        push.zone(zone);
                        return json.createObjectNode().put("type", "zone").put("zone", zone.getId()).toString();
                    })
                    .orElseGet(() -> error("zone must be an IANA time-zone id such as Europe/Paris, or UTC"));
        }
        return error("unknown command: type must be \"ping\" or \"zone\"");
    }

    private String error(String message) {
        return json.createObjectNode().put("type", "error").put("message", message).toString();
    }
}
