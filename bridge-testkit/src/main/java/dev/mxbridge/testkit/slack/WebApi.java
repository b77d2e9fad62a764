package dev.mxbridge.testkit.slack;

import io.javalin.http.Context;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ObjLongConsumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Web API at {@code /api/{method}}: parses the arguments, applies rate limits, authenticates the token (the
 * {@code Authorization: Bearer} header or the {@code token} argument), runs the method's handler under the
 * {@link Workspace} monitor, answers Slack's JSON and records the call. Unknown methods are {@code unknown_method}.
 */
final class WebApi {
    /** A method's behaviour once its token is authenticated. */
    interface Handler {
        ObjectNode handle(Call call);
    }

    /** A method that authenticates its caller itself; gets the {@code Authorization} header, if any. */
    interface OpenHandler {
        ObjectNode handle(Args args, Optional<String> authorization);
    }

    private record Method(Set<TokenType> tokenTypes, Handler handler) {
    }

    private static final Logger LOG = System.getLogger(WebApi.class.getName());

    private final Workspace workspace;
    private final Tokens tokens;
    private final Limits limits;
    private final Map<String, Method> methods = new HashMap<>();
    private final Map<String, OpenHandler> unauthenticated = new HashMap<>();
    private final List<ApiCall> calls = new CopyOnWriteArrayList<>();
    private volatile ObjLongConsumer<ApiCall> listener = (call, arrivedNanos) -> { };

    WebApi(Workspace workspace, Tokens tokens, Limits limits) {
        this.workspace = workspace;
        this.tokens = tokens;
        this.limits = limits;
    }

    /** A method taking the given kinds of token. */
    void register(String name, Set<TokenType> tokenTypes, Handler handler) {
        methods.put(name, new Method(tokenTypes, handler));
    }

    /** A method that authenticates its caller itself, such as {@code oauth.v2.access} with client credentials. */
    void registerUnauthenticated(String name, OpenHandler handler) {
        unauthenticated.put(name, handler);
    }

    /** Called with every call once answered, and when it arrived ({@link System#nanoTime}). */
    void listen(ObjLongConsumer<ApiCall> listener) {
        this.listener = listener;
    }

    List<ApiCall> calls() {
        return List.copyOf(calls);
    }

    void handle(Context ctx) {
        long arrived = System.nanoTime();
        String name = ctx.pathParam("method");
        Instant at = Instant.now();
        Args args = Args.empty();
        Optional<String> token = bearer(ctx);
        ObjectNode body;
        int status = 200;
        try {
            Args parsed = Args.from(ctx);
            args = parsed;
            token = token.or(() -> parsed.string("token"));
            body = run(name, args, token, Optional.ofNullable(ctx.header("Authorization")), ctx);
        } catch (SlackError e) {
            body = e.body();
            status = e.status();
            e.retryAfterSeconds().ifPresent(s -> ctx.header("Retry-After", Integer.toString(s)));
        } catch (RuntimeException bug) {
            // A fault of the fake, not of the app under test: answered as Slack answers its own faults, and logged.
            LOG.log(Level.ERROR, "fake Slack failed on " + name, bug);
            body = Json.object().put("ok", false).put("error", "internal_error");
            status = 500;
        }
        Optional<String> error = body.path("ok").asBoolean(false) ? Optional.empty() : Optional.of(body.path("error").asString(""));
        ApiCall call = new ApiCall(name, args.recorded(), token, at, status, error);
        calls.add(call);
        listener.accept(call, arrived);
        ctx.status(status).contentType("application/json; charset=utf-8").result(Json.write(body));
    }

    /** Runs the method; an authenticated call's answer carries {@code X-OAuth-Scopes}, the token's scopes, as Slack's do. */
    private ObjectNode run(String name, Args args, Optional<String> token, Optional<String> authorization, Context ctx) {
        OpenHandler open = unauthenticated.get(name);
        Method method = methods.get(name);
        if (open == null && method == null) {
            throw SlackError.withFields("unknown_method", Json.object().put("req_method", name));
        }
        limits.checkForced(name);
        synchronized (workspace) {
            if (open != null) {
                return open.handle(args, authorization);
            }
            Token authenticated = tokens.authenticate(token, method.tokenTypes());
            ctx.header("X-OAuth-Scopes", String.join(",", new TreeSet<>(authenticated.scopes())));
            return method.handler().handle(new Call(name, authenticated, args, workspace));
        }
    }

    private static Optional<String> bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        return Optional.empty();
    }
}
