package dev.mxbridge.core.registration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads and writes registration files in the homeserver's YAML format, including the legacy
 * {@code de.sorunome.msc2409.push_ephemeral} key that older homeservers read instead of {@code receive_ephemeral}.
 */
public final class RegistrationYaml {
    static final String LEGACY_EPHEMERAL = "de.sorunome.msc2409.push_ephemeral";
    static final String MSC4190 = "io.element.msc4190";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private RegistrationYaml() {
    }

    /** Parses a registration; structural problems raise {@link InvalidRegistrationException}. */
    public static Registration parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new InvalidRegistrationException("not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidRegistrationException("a registration must be a YAML mapping");
        }
        List<String> problems = new ArrayList<>();
        String id = text(root, "id", problems);
        String asToken = text(root, "as_token", problems);
        String hsToken = text(root, "hs_token", problems);
        String sender = text(root, "sender_localpart", problems);
        Optional<URI> url = url(root.get("url"), problems);
        JsonNode ns = root.path("namespaces");
        List<Namespace> users = namespaces(ns, "users", problems);
        List<Namespace> aliases = namespaces(ns, "aliases", problems);
        List<Namespace> rooms = namespaces(ns, "rooms", problems);
        List<String> protocols = new ArrayList<>();
        root.path("protocols").forEach(p -> protocols.add(p.asString()));
        if (!problems.isEmpty()) {
            throw new InvalidRegistrationException(problems);
        }
        boolean ephemeral = root.path("receive_ephemeral").asBoolean(false) || root.path(LEGACY_EPHEMERAL).asBoolean(false);
        return new Registration(id, url, asToken, hsToken, sender, users, aliases, rooms,
                root.path("rate_limited").asBoolean(true), protocols, ephemeral, root.path(MSC4190).asBoolean(false));
    }

    /** Reads a registration file. */
    public static Registration read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read registration " + file, e);
        }
    }

    /** The registration as YAML, with a comment header. */
    public static String format(Registration r) {
        ObjectNode root = YAML.createObjectNode();
        root.put("id", r.id());
        root.put("url", r.url().map(URI::toString).orElse(null));
        root.put("as_token", r.asToken());
        root.put("hs_token", r.hsToken());
        root.put("sender_localpart", r.senderLocalpart());
        ObjectNode ns = root.putObject("namespaces");
        writeNamespaces(ns.putArray("users"), r.users());
        writeNamespaces(ns.putArray("aliases"), r.aliases());
        writeNamespaces(ns.putArray("rooms"), r.rooms());
        root.put("rate_limited", r.rateLimited());
        ArrayNode protocols = root.putArray("protocols");
        r.protocols().forEach(protocols::add);
        root.put("receive_ephemeral", r.receiveEphemeral());
        root.put(LEGACY_EPHEMERAL, r.receiveEphemeral());
        root.put(MSC4190, r.msc4190());
        return """
                # Application-service registration for the homeserver: list this file under
                # app_service_config_files in Synapse's homeserver.yaml, or under app_service_api.config_files
                # in Dendrite's dendrite.yaml, and restart the homeserver.
                # as_token and hs_token are secrets: keep this file readable by the bridge and homeserver only.
                """ + YAML.writeValueAsString(root).replaceFirst("^---\\s*\\n", "");
    }

    /** Writes the registration atomically, readable and writable by the owner only where the file system allows. */
    public static void write(Registration r, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".registration", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: permissions are the operator's business
            }
            Files.writeString(tmp, format(r));
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write registration " + file, e);
        }
    }

    private static String text(JsonNode root, String field, List<String> problems) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull() || !node.isValueNode() || node.asString().isBlank()) {
            problems.add(field + " is missing");
            return "";
        }
        return node.asString();
    }

    private static Optional<URI> url(JsonNode node, List<String> problems) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new URI(node.asString()));
        } catch (URISyntaxException e) {
            problems.add("url is not a valid URL: " + node.asString());
            return Optional.empty();
        }
    }

    private static List<Namespace> namespaces(JsonNode ns, String kind, List<String> problems) {
        List<Namespace> out = new ArrayList<>();
        JsonNode list = ns.path(kind);
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problems.add("namespaces." + kind + " must be a list");
            return out;
        }
        for (JsonNode entry : list) {
            JsonNode regex = entry.get("regex");
            if (regex == null || !regex.isString()) {
                problems.add("namespaces." + kind + " entry without a regex: " + entry);
                continue;
            }
            out.add(new Namespace(regex.asString(), entry.path("exclusive").asBoolean(false)));
        }
        return out;
    }

    private static void writeNamespaces(ArrayNode array, List<Namespace> namespaces) {
        for (Namespace ns : namespaces) {
            array.addObject().put("exclusive", ns.exclusive()).put("regex", ns.regex());
        }
    }
}
