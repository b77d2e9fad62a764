package dev.mxbridge.core.user;

import dev.mxbridge.core.network.Logins;
import dev.mxbridge.core.network.LoginProcess;
import dev.mxbridge.core.network.LoginProcess.LoginStep;
import dev.mxbridge.core.network.NetworkClient;
import dev.mxbridge.core.network.RemoteUserId;
import dev.mxbridge.core.network.UserLogin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puppets: Matrix users' own remote connections. Runs login conversations step by step (questions in the user's
 * chat with the bot, answers read from their next messages), stores completed logins sealed, and keeps one
 * connected client per login.
 */
public final class Puppets {
    private static final Logger LOG = LoggerFactory.getLogger(Puppets.class);

    private final Logins logins;
    private final LoginStore store;
    private final Map<String, List<Connected>> byUser = new ConcurrentHashMap<>();
    private final Map<RemoteUserId, String> byAccount = new ConcurrentHashMap<>();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Connected(UserLogin login, NetworkClient client) {
    }

    private static final class Pending {
        final LoginProcess process;
        LoginStep.UserInput step;
        int field;
        final Map<String, String> answers = new HashMap<>();

        Pending(LoginProcess process) {
            this.process = process;
        }
    }

    public Puppets(Logins logins, LoginStore store) {
        this.logins = logins;
        this.store = store;
    }

    /** Connects every stored login; a login that fails to connect is logged and left for the next start. */
    public void connectAll() {
        for (UserLogin login : store.all()) {
            try {
                connected(login);
            } catch (Exception e) {
                LOG.warn("could not reconnect the login {} of {}: {}", login.loginId(), login.matrixUser(), e.getMessage());
            }
        }
    }

    private void connected(UserLogin login) throws Exception {
        NetworkClient client = logins.connect(login);
        byUser.compute(login.matrixUser(), (u, list) -> {
            List<Connected> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.removeIf(c -> c.login().loginId().equals(login.loginId()));
            next.add(new Connected(login, client));
            return next;
        });
        byAccount.put(login.remoteUser(), login.matrixUser());
    }

    /** The user's own connection, if they are logged in. */
    public Optional<NetworkClient> clientFor(String matrixUser) {
        List<Connected> list = byUser.get(matrixUser);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(list.getFirst().client());
    }

    /** The Matrix user behind a remote account, if it is one of our logins. */
    public Optional<String> matrixUserOf(RemoteUserId account) {
        return Optional.ofNullable(byAccount.get(account));
    }

    /** The user's logins. */
    public List<UserLogin> logins(String matrixUser) {
        return byUser.getOrDefault(matrixUser, List.of()).stream().map(Connected::login).toList();
    }

    /** The flows on offer. */
    public List<Logins.LoginFlow> flows() {
        return logins.loginFlows();
    }

    /** Starts a login conversation; questions and results go to {@code reply}. */
    public void start(String matrixUser, String flowId, Consumer<String> reply) throws Exception {
        Pending old = pending.remove(matrixUser);
        if (old != null) {
            old.process.cancel();
        }
        Pending p = new Pending(logins.startLogin(flowId, matrixUser));
        next(matrixUser, p, p.process.start(), reply);
    }

    /** Feeds a message to the user's login in progress; false if they have none. */
    public boolean answer(String matrixUser, String text, Consumer<String> reply) throws Exception {
        Pending p = pending.get(matrixUser);
        if (p == null || p.step == null) {
            return false;
        }
        p.answers.put(p.step.fields().get(p.field).id(), text.trim());
        p.field++;
        if (p.field < p.step.fields().size()) {
            reply.accept(p.step.fields().get(p.field).prompt());
            return true;
        }
        Map<String, String> answers = Map.copyOf(p.answers);
        p.answers.clear();
        next(matrixUser, p, p.process.submit(answers), reply);
        return true;
    }

    /** Whether the field the user answers next is a secret. */
    public boolean expectsSecret(String matrixUser) {
        Pending p = pending.get(matrixUser);
        return p != null && p.step != null && p.step.fields().get(p.field).secret();
    }

    /** Cancels the user's login in progress; false if there was none. */
    public boolean cancel(String matrixUser) {
        Pending p = pending.remove(matrixUser);
        if (p != null) {
            p.process.cancel();
        }
        return p != null;
    }

    private void next(String matrixUser, Pending p, LoginStep step, Consumer<String> reply) throws Exception {
        switch (step) {
            case LoginStep.UserInput input -> {
                p.step = input;
                p.field = 0;
                pending.put(matrixUser, p);
                reply.accept(input.instructions() + "\n" + input.fields().getFirst().prompt());
            }
            case LoginStep.DisplayAndWait wait -> {
                p.step = null;
                pending.put(matrixUser, p);
                reply.accept(wait.instructions() + "\n" + wait.display());
                Thread.ofVirtual().name("login-" + matrixUser).start(() -> {
                    try {
                        next(matrixUser, p, p.process.await(), reply);
                    } catch (Exception e) {
                        pending.remove(matrixUser, p);
                        reply.accept("Login failed: " + e.getMessage());
                    }
                });
            }
            case LoginStep.Done done -> {
                pending.remove(matrixUser, p);
                store.put(done.login());
                connected(done.login());
                reply.accept(done.message());
            }
        }
    }

    /** Logs out of one login, or all; returns the login ids removed. */
    public List<String> logout(String matrixUser, Optional<String> loginId) {
        List<String> removed = new ArrayList<>();
        for (UserLogin login : store.of(matrixUser)) {
            if (loginId.isPresent() && !loginId.get().equals(login.loginId())) {
                continue;
            }
            try {
                logins.logout(login);
            } catch (Exception e) {
                LOG.warn("network logout of {} failed (forgotten anyway): {}", login.loginId(), e.getMessage());
            }
            store.delete(matrixUser, login.loginId());
            byAccount.remove(login.remoteUser());
            byUser.computeIfPresent(matrixUser, (u, list) -> {
                List<Connected> next = new ArrayList<>(list);
                next.removeIf(c -> c.login().loginId().equals(login.loginId()));
                return next.isEmpty() ? null : next;
            });
            removed.add(login.loginId());
        }
        return removed;
    }
}
