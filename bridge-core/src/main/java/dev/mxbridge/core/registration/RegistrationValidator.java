package dev.mxbridge.core.registration;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The checks behind {@link Registration#validate()}. */
final class RegistrationValidator {
    private static final Pattern LOCALPART = Pattern.compile("[a-z0-9._=/+-]+");
    private static final int MIN_TOKEN_LENGTH = 32;

    private RegistrationValidator() {
    }

    static List<String> validate(Registration r) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        if (r.id().isBlank()) {
            errors.add("id must not be empty");
        }
        r.url().ifPresent(url -> {
            String scheme = url.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                errors.add("url must be an http or https URL with a host, got '" + url + "'");
            }
        });
        checkToken("as_token", r.asToken(), errors, warnings);
        checkToken("hs_token", r.hsToken(), errors, warnings);
        if (!r.asToken().isEmpty() && r.asToken().equals(r.hsToken())) {
            errors.add("as_token and hs_token must differ");
        }
        if (!LOCALPART.matcher(r.senderLocalpart()).matches()) {
            errors.add("sender_localpart '" + r.senderLocalpart() + "' is not a valid localpart (allowed: a-z 0-9 . _ = - / +)");
        }
        checkNamespaces("users", '@', r.users(), errors, warnings);
        checkNamespaces("aliases", '#', r.aliases(), errors, warnings);
        checkNamespaces("rooms", '!', r.rooms(), errors, warnings);
        if (!errors.isEmpty()) {
            throw new InvalidRegistrationException(errors);
        }
        return List.copyOf(warnings);
    }

    private static void checkToken(String name, String token, List<String> errors, List<String> warnings) {
        if (token.isBlank()) {
            errors.add(name + " is missing");
        } else if (token.length() < MIN_TOKEN_LENGTH) {
            warnings.add(name + " is only " + token.length() + " characters; use at least " + MIN_TOKEN_LENGTH + " random characters");
        }
    }

    private static void checkNamespaces(String kind, char sigil, List<Namespace> namespaces, List<String> errors,
                                        List<String> warnings) {
        for (Namespace ns : namespaces) {
            try {
                Pattern.compile(ns.regex());
            } catch (PatternSyntaxException e) {
                errors.add("namespaces." + kind + " regex '" + ns.regex() + "' does not compile: " + e.getDescription());
                continue;
            }
            if (ns.exclusive() && sigil != '!' && !startsWithUnderscore(ns.regex(), sigil)) {
                warnings.add("namespaces." + kind + " regex '" + ns.regex()
                        + "' is exclusive but does not start with '" + sigil + "_': exclusive namespaces should start with an underscore");
            }
        }
    }

    private static boolean startsWithUnderscore(String regex, char sigil) {
        String body = regex.startsWith("^") ? regex.substring(1) : regex;
        if (body.startsWith("\\" + sigil)) {
            body = body.substring(2);
        } else if (!body.isEmpty() && body.charAt(0) == sigil) {
            body = body.substring(1);
        } else {
            return false;
        }
        return body.startsWith("_");
    }
}
