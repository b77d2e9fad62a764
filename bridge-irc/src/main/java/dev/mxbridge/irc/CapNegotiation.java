package dev.mxbridge.irc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * IRCv3 capability negotiation of one connection, from the raw lines, in place of PircBotX 2.1's (which sends
 * {@code CAP LS} without {@code 302}, cannot read a multi-line {@code LS} or {@code sasl=PLAIN}, ends negotiation
 * before a late {@code ACK} and then throws on it). {@link #begin} sends {@code CAP LS 302} before {@code NICK}; the
 * wanted capabilities the server offers are requested in one {@code CAP REQ} (each alone after a {@code NAK}, which
 * refuses a request as a whole); {@code sasl} is requested only with credentials, and then {@code SASL PLAIN} runs
 * before {@code CAP END}. After registration {@code CAP NEW} and {@code DEL} ({@code cap-notify}, implied by 302) keep
 * the enabled list current, and a late {@code ACK} is simply recorded. A server without {@code CAP} answers
 * {@code 421}, and registration goes on without capabilities.
 *
 * <p>Not thread-safe: called on the connection's thread only.
 */
final class CapNegotiation {
    /** SASL PLAIN credentials; the password never shows in {@link #toString()}. */
    record SaslPlain(String account, String password) {
        @Override
        public String toString() {
            return "SaslPlain[" + account + "]";
        }
    }

    /** Where a line is too long to answer at once, SASL takes the payload in pieces of this many characters. */
    private static final int SASL_CHUNK = 400;
    private static final int MAX_REQ_BYTES = 400;

    private final List<String> wanted;
    private final Optional<SaslPlain> sasl;
    private final List<String> enabled;
    private final Consumer<String> send;
    private final Map<String, String> offered = new LinkedHashMap<>();
    private final StringBuilder listing = new StringBuilder();
    private int pending;
    private boolean began;
    private boolean ended;
    private boolean authenticating;
    private boolean authenticated;

    /**
     * @param wanted  the capabilities to enable where offered ({@code sasl} among them is ignored: it follows
     *                {@code sasl})
     * @param enabled the connection's list of enabled capabilities, kept current here
     * @param send    sends a raw line at once
     */
    CapNegotiation(List<String> wanted, Optional<SaslPlain> sasl, List<String> enabled, Consumer<String> send) {
        this.wanted = wanted.stream().filter(c -> !c.equals("sasl")).distinct().toList();
        this.sasl = sasl;
        this.enabled = enabled;
        this.send = send;
    }

    /** Whether there is anything to negotiate: capabilities wanted or SASL credentials. */
    boolean wantsAny() {
        return !wanted.isEmpty() || sasl.isPresent();
    }

    /** Starts negotiation if there is anything to negotiate; call once the socket is up, before {@code NICK}. */
    void begin() {
        if (wantsAny() && !began) {
            began = true;
            send.accept("CAP LS 302");
        }
    }

    /** Whether a SASL login succeeded ({@code 903}, or {@code 907}: already logged in). */
    boolean authenticated() {
        return authenticated;
    }

    /** The capabilities the server offers, with their values ({@code sasl} → {@code PLAIN,EXTERNAL}). */
    Map<String, String> offered() {
        return Map.copyOf(offered);
    }

    /** Whether negotiation has ended ({@code CAP END} sent, no {@code CAP} on the server, or registered). */
    boolean ended() {
        return ended || !began;
    }

    /**
     * Takes a line from the server; returns whether it belonged to negotiation (then PircBotX need not see it: with
     * its own negotiation off it would take a {@code 421} for {@code CAP} as a refused registration).
     */
    boolean line(IrcLine line) {
        if (!began) {
            return false;
        }
        return switch (line.command()) {
            case "CAP" -> {
                cap(line);
                yield true;
            }
            case "AUTHENTICATE" -> {
                if (authenticating && line.param(0).equals("+")) {
                    answerPlain();
                }
                yield true;
            }
            // unknown command, not registered, invalid CAP command: a server without CAP
            case "421", "451", "410" -> {
                boolean aboutCap = line.params().contains("CAP");
                if (aboutCap) {
                    ended = true;
                }
                yield aboutCap;
            }
            case "903", "907" -> {
                authenticated = true;
                saslDone();
                yield false;
            }
            // failed, too long, aborted, mechanism not available
            case "902", "904", "905", "906" -> {
                saslDone();
                yield false;
            }
            case "001" -> {
                ended = true;
                yield false;
            }
            default -> false;
        };
    }

    private void cap(IrcLine line) {
        String sub = line.param(1);
        String list = line.params().getLast();
        switch (sub) {
            case "LS" -> {
                listing.append(list).append(' ');
                boolean more = line.params().size() >= 4 && line.param(2).equals("*");
                if (!more) {
                    offer(listing.toString());
                    listing.setLength(0);
                    if (!ended) {
                        request(wanted.stream().filter(offered::containsKey).toList(), true);
                        finishIfDone();
                    }
                }
            }
            case "NEW" -> {
                List<String> added = offer(list);
                request(wanted.stream().filter(added::contains).filter(c -> !enabled.contains(c)).toList(), false);
            }
            case "DEL" -> {
                for (String cap : words(list)) {
                    offered.remove(cap);
                    enabled.remove(cap);
                }
            }
            case "ACK" -> {
                for (String cap : words(list)) {
                    if (cap.startsWith("-")) {
                        enabled.remove(cap.substring(1));
                    } else if (!enabled.contains(cap)) {
                        enabled.add(cap);
                    }
                    if (cap.equals("sasl") && sasl.isPresent() && !ended) {
                        authenticating = true;
                        send.accept("AUTHENTICATE PLAIN");
                    }
                }
                pending = Math.max(0, pending - 1);
                finishIfDone();
            }
            case "NAK" -> {
                List<String> refused = words(list);
                pending = Math.max(0, pending - 1);
                if (refused.size() > 1) {
                    refused.forEach(cap -> request(List.of(cap), false));
                }
                finishIfDone();
            }
            default -> {
                // LIST and anything newer: nothing to do
            }
        }
    }

    /** Records offered capabilities ({@code name} or {@code name=value}); returns their names. */
    private List<String> offer(String list) {
        List<String> names = new ArrayList<>();
        for (String cap : words(list)) {
            int eq = cap.indexOf('=');
            String name = eq < 0 ? cap : cap.substring(0, eq);
            offered.put(name, eq < 0 ? "" : cap.substring(eq + 1));
            names.add(name);
        }
        return names;
    }

    /** Requests the capabilities (with {@code sasl} if credentials and the server's mechanisms allow PLAIN). */
    private void request(List<String> caps, boolean withSasl) {
        List<String> all = new ArrayList<>(caps);
        if (withSasl && sasl.isPresent() && offered.containsKey("sasl")
                && (offered.get("sasl").isEmpty() || Set.of(offered.get("sasl").split(",")).contains("PLAIN"))) {
            all.add("sasl");
        }
        StringBuilder req = new StringBuilder();
        for (String cap : all) {
            if (!req.isEmpty() && req.length() + cap.length() + 1 > MAX_REQ_BYTES) {
                sendRequest(req.toString());
                req.setLength(0);
            }
            req.append(req.isEmpty() ? "" : " ").append(cap);
        }
        if (!req.isEmpty()) {
            sendRequest(req.toString());
        }
    }

    private void sendRequest(String caps) {
        pending++;
        send.accept("CAP REQ :" + caps);
    }

    /** {@code authzid \0 authcid \0 password}, base64, in pieces; an empty last piece is {@code +}. */
    private void answerPlain() {
        SaslPlain plain = sasl.orElseThrow();
        String payload = Base64.getEncoder().encodeToString((plain.account() + "\0" + plain.account() + "\0"
                + plain.password()).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < payload.length(); i += SASL_CHUNK) {
            send.accept("AUTHENTICATE " + payload.substring(i, Math.min(payload.length(), i + SASL_CHUNK)));
        }
        if (payload.length() % SASL_CHUNK == 0) {
            send.accept("AUTHENTICATE +");
        }
    }

    private void saslDone() {
        if (authenticating) {
            authenticating = false;
            finishIfDone();
        }
    }

    private void finishIfDone() {
        if (!ended && pending == 0 && !authenticating) {
            ended = true;
            send.accept("CAP END");
        }
    }

    private static List<String> words(String list) {
        return java.util.Arrays.stream(list.split(" ")).filter(w -> !w.isEmpty()).toList();
    }

    @Override
    public String toString() {
        return "CapNegotiation[wanted " + wanted + ", enabled " + enabled + (sasl.isPresent() ? ", SASL" : "") + "]";
    }
}
