package dev.pushclock.ops;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.LaunchMode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The demo page, its modules and pushclock.js are revalidated on every load, so that a deploy is
 * picked up at once and the page knows over which protocol it came (a page taken from the cache
 * cannot tell): {@code Cache-Control: no-cache} in place of the day Quarkus's static handler would
 * let a browser keep them, and a strong entity tag, a hash of the file's bytes, the same on every
 * replica of one build. The static handler revalidates by {@code Last-Modified} alone, which is
 * when each replica unpacked the file, so a revalidation that lands on another replica would fetch
 * the file again. With the tag set before it runs, that handler answers a matching
 * {@code If-None-Match} with 304 itself; the {@code Last-Modified} is taken off, so that browsers
 * revalidate by the tag alone.
 */
@ApplicationScoped
public class AssetTags {

    /** The page's own files. */
    private static final Pattern ASSETS = Pattern.compile("/|/index\\.html|/style\\.css|/pushclock\\.(js|d\\.ts)|/page/.*");
    private static final String ROOT = "META-INF/resources";

    /** Found files only, so a stream of made-up names cannot grow it. */
    private final Map<String, String> tags = new ConcurrentHashMap<>();

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::tag);
    }

    private void tag(RoutingContext context) {
        HttpMethod method = context.request().method();
        String path = context.normalizedPath();
        if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && ASSETS.matcher(path).matches()) {
            Optional<String> tag = tagOf(path.equals("/") ? "/index.html" : path);
            tag.ifPresent(it -> context.response().putHeader(HttpHeaders.ETAG, it));
            context.addHeadersEndHandler(ended -> {
                context.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
                if (tag.isPresent()) {
                    context.response().headers().remove(HttpHeaders.LAST_MODIFIED);
                }
            });
        }
        context.next();
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
