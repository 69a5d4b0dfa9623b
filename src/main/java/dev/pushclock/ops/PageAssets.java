package dev.pushclock.ops;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.LaunchMode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * What the page's own files are served with. The demo page, its modules and pushclock.js are
 * revalidated on every load, so that a deploy is picked up at once and the page knows over which
 * protocol it came (a page taken from the cache cannot tell): {@code Cache-Control: no-cache} in
 * place of the day Quarkus's static handler would let a browser keep them, and a strong entity tag,
 * a hash of the file's bytes, the same on every replica of one build. The static handler
 * revalidates by {@code Last-Modified} alone, which is when each replica unpacked the file, so a
 * revalidation that lands on another replica would fetch the file again. With the tag set before it
 * runs, that handler answers a matching {@code If-None-Match} with 304 itself; the
 * {@code Last-Modified} is taken off, so that browsers revalidate by the tag alone.
 *
 * <p>The page runs only its own scripts, styles and connections (its Content-Security-Policy; the
 * forever frame sets its own, in {@code IframeResource}), and pushclock.d.ts goes out as TypeScript,
 * a type Vert.x does not know. Plain string comparisons, not the {@code quarkus.http.filter.*}
 * properties: each of those is a route with a regular expression that every request, a long-poll's
 * too, is matched against.
 */
@ApplicationScoped
public class PageAssets {

    private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'; "
            + "object-src 'none'";
    private static final String TYPESCRIPT = "application/typescript;charset=utf-8";
    private static final String ROOT = "META-INF/resources";

    /** Found files only, so a stream of made-up names cannot grow it. */
    private final Map<String, String> tags = new ConcurrentHashMap<>();

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::tag);
    }

    private void tag(RoutingContext context) {
        HttpMethod method = context.request().method();
        String path = context.normalizedPath();
        if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && isAsset(path)) {
            String file = path.equals("/") ? "/index.html" : path;
            Optional<String> tag = tagOf(file);
            tag.ifPresent(it -> context.response().putHeader(HttpHeaders.ETAG, it));
            context.addHeadersEndHandler(ended -> {
                context.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
                if (tag.isPresent()) {
                    context.response().headers().remove(HttpHeaders.LAST_MODIFIED);
                }
                if (file.equals("/index.html")) {
                    context.response().putHeader("Content-Security-Policy", POLICY);
                } else if (file.equals("/pushclock.d.ts")) {
                    context.response().putHeader(HttpHeaders.CONTENT_TYPE, TYPESCRIPT);
                }
            });
        }
        context.next();
    }

    /** The page's own files. */
    private static boolean isAsset(String path) {
        return switch (path) {
            case "/", "/index.html", "/style.css", "/pushclock.js", "/pushclock.d.ts" -> true;
            default -> path.startsWith("/page/");
        };
    }

    private Optional<String> tagOf(String path) {
        if (LaunchMode.current() == LaunchMode.DEVELOPMENT) {
            return hash(ROOT + path); // the file may have been edited since the last request
        }
        String known = tags.get(path);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> made = hash(ROOT + path);
        made.ifPresent(tag -> tags.put(path, tag));
        return made;
    }

    /** {@code "<base64url of the SHA-256 of the file's bytes>"}, or empty where there is no such file. */
    static Optional<String> hash(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
            return Optional.of('"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + '"');
        } catch (IOException | NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }
}
