package dev.mxbridge.irc;

import dev.mxbridge.core.command.Arg;
import dev.mxbridge.core.command.Command;
import dev.mxbridge.core.command.CommandContext;
import dev.mxbridge.core.command.CommandException;
import dev.mxbridge.core.command.CommandHandler;
import dev.mxbridge.core.command.Section;
import dev.mxbridge.core.command.UsageException;
import dev.mxbridge.core.network.NetworkContext;
import dev.mxbridge.core.secret.Secret;
import dev.mxbridge.core.command.PermissionLevel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bot commands about a user's own IRC connection, for their private chat with the bot: {@code nick},
 * {@code whois}, {@code listrooms}, {@code reconnect}, {@code quit}, {@code storepass}, {@code removepass},
 * {@code join} (with a channel key), {@code part} and {@code cmd} (an allowed raw command).
 * Every argument that goes to IRC is one parameter ({@link IrcText#word}) or refused; a password never appears in
 * a reply, a log line or an exception.
 */
final class IrcCommands {
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    /** What the commands work with, once the bridge has started (they are registered before). */
    interface Bridge {
        Puppets puppets();

        SealedValues passwords();

        /** The bridge bot's connection, which asks for users whose puppet is not connected. */
        IrcConnection relay();

        NetworkContext context();

        SealedValues keys();

        ChannelRules rules();
    }

    /** What {@code cmd} may send: commands about channels, users and oneself, none that ends or re-registers it. */
    static final java.util.Set<String> RAW_COMMANDS = java.util.Set.of("AWAY", "INVITE", "KICK", "MODE", "NAMES",
            "NOTICE", "PRIVMSG", "TOPIC", "WHO", "WHOIS", "WHOWAS", "LIST", "MOTD", "TIME", "VERSION", "ISON",
            "USERHOST");

    private final Bridge bridge;

    IrcCommands(Bridge bridge) {
        this.bridge = bridge;
    }

    List<Command> commands() {
        return List.of(
                command("nick", "Change your IRC nick.", this::nick, Arg.required("nick")),
                command("whois", "Ask the IRC server who someone is.", this::whois, Arg.required("nick")),
                command("listrooms", "List the IRC channels your connection is in.", this::listRooms),
                command("reconnect", "Reconnect your IRC connection.", this::reconnect),
                command("quit", "Disconnect from IRC until you next talk in or join a portal.", this::quit),
                Command.builder("storepass").args(Arg.rest("password")).section(Section.ACCOUNT)
                        .level(PermissionLevel.USER).handler(this::storePass)
                        .description("Store your IRC password, encrypted; your connection identifies with it (SASL "
                                + "or NickServ) whenever it connects.").build(),
                command("removepass", "Delete your stored IRC password.", this::removePass),
                Command.builder("join").args(Arg.required("channel"), Arg.optional("key")).section(Section.ACCOUNT)
                        .level(PermissionLevel.USER).handler(this::join)
                        .description("Join an IRC channel: you are invited to its room. A channel key is stored "
                                + "encrypted and your message removed.").build(),
                command("part", "Leave an IRC channel and its room.", this::part, Arg.required("channel")),
                command("cmd", "Send a raw IRC command through your connection (" + String.join(", ",
                        new java.util.TreeSet<>(RAW_COMMANDS)) + ").", this::cmd, Arg.rest("line")));
    }

    /** The line that identifies a connection to NickServ; sent unlogged ({@link SecretLines}). */
    static String identifyLine(Secret password) {
        return "PRIVMSG NickServ :IDENTIFY " + IrcText.clean(password.reveal());
    }

    /** A command about the user's own connection; using it counts as activity for {@code idle_timeout}. */
    private Command command(String name, String description, CommandHandler handler, Arg... args) {
        return Command.builder(name).args(args).description(description).section(Section.ACCOUNT)
                .level(PermissionLevel.USER).handler(ctx -> {
                    privateChatOnly(ctx);
                    bridge.puppets().touched(ctx.sender().value());
                    handler.run(ctx);
                }).build();
    }

    private static void privateChatOnly(CommandContext ctx) {
        if (!ctx.message().managementRoom()) {
            throw new CommandException(ctx.command().name() + " is about your own IRC connection: use it in your "
                    + "private chat with the bridge bot, not in a bridged room.");
        }
    }

    private static String word(CommandContext ctx, String arg) {
        try {
            return IrcText.word(ctx.args().get(arg));
        } catch (IllegalArgumentException e) {
            throw new UsageException("The " + arg + " must be one word, without spaces, commas or line breaks.");
        }
    }

    private String user(CommandContext ctx) {
        String user = ctx.sender().value();
        if (!bridge.puppets().knows(user)) {
            throw new CommandException("You have no IRC connection: join a portal (an IRC channel's room) first.");
        }
        return user;
    }

    /** The user's connection if it is registered with the server. */
    private Optional<IrcConnection> connected(String user) {
        return bridge.puppets().connection(user).filter(c -> c.nick().isPresent());
    }

    private void nick(CommandContext ctx) throws InterruptedException {
        String nick = word(ctx, "nick");
        String user = user(ctx);
        Optional<IrcConnection> connection = connected(user);
        if (connection.isEmpty()) {
            bridge.puppets().chose(user, nick);
            ctx.reply("You are not connected to IRC now; you will be " + nick + " when you next connect.");
            return;
        }
        try {
            String now = connection.get().rename(nick, ANSWER_TIMEOUT);
            bridge.puppets().chose(user, now);
            ctx.reply("You are now " + now + " on IRC.");
        } catch (IrcBridgeException e) {
            throw new CommandException("Your nick stays " + connection.get().nick().orElse("as it was") + ": "
                    + e.getMessage() + ".");
        }
    }

    private void whois(CommandContext ctx) throws InterruptedException {
        String nick = word(ctx, "nick");
        IrcConnection via = connected(ctx.sender().value()).orElseGet(bridge::relay);
        List<IrcLine> answer;
        try {
            answer = via.ask("WHOIS " + nick, line -> isWhoisReply(line, nick), line -> line.command().equals("318"),
                    ANSWER_TIMEOUT);
        } catch (IrcBridgeException e) {
            throw new CommandException("No WHOIS answer for " + nick + ": " + e.getMessage() + ".");
        }
        List<String> lines = new ArrayList<>();
        for (IrcLine line : answer) {
            List<String> params = line.params();
            switch (line.command()) {
                case "318" -> {
                }
                case "401" -> lines.add("No one on IRC is called " + nick + ".");
                case "311" -> lines.add(line.param(1) + " is " + line.param(2) + "@" + line.param(3) + " ("
                        + params.getLast() + ")");
                default -> lines.add(String.join(" ", params.subList(1, params.size())));
            }
        }
        ctx.reply(String.join("\n", lines));
    }

    /** A numeric reply about the nick (WHOIS replies are 3xx; 401 is "no such nick"). */
    private static boolean isWhoisReply(IrcLine line, String nick) {
        String command = line.command();
        return command.length() == 3 && (command.charAt(0) == '3' || command.equals("401"))
                && line.params().size() > 1 && IrcNames.fold(line.param(1)).equals(IrcNames.fold(nick));
    }

    private void listRooms(CommandContext ctx) {
        String user = user(ctx);
        List<String> channels = bridge.puppets().channels(user);
        Optional<IrcConnection> connection = bridge.puppets().connection(user);
        StringBuilder out = new StringBuilder(connection.flatMap(IrcConnection::nick)
                .map(n -> "Connected to IRC as " + n + ".").orElse("Not connected to IRC now."));
        if (channels.isEmpty()) {
            out.append(" You are in no IRC channels.");
        }
        for (String channel : channels) {
            boolean in = connection.map(c -> c.isIn(channel)).orElse(false);
            out.append('\n').append(channel).append(in ? "" : connection.isPresent() ? " (joining)" : " (away)");
        }
        ctx.reply(out.toString());
    }

    private void reconnect(CommandContext ctx) throws InterruptedException {
        String user = user(ctx);
        if (bridge.puppets().reconnect(user).isEmpty()) {
            throw new CommandException("The bridge has as many IRC connections as it may: you are relayed for now.");
        }
        ctx.reply("Reconnecting to IRC.");
    }

    private void quit(CommandContext ctx) {
        String user = user(ctx);
        ctx.reply(bridge.puppets().quit(user, "quit")
                ? "Disconnected from IRC. You are back when you next talk in or join a portal."
                : "You are not connected to IRC.");
    }

    private void storePass(CommandContext ctx) {
        Secret password = Secret.of(ctx.args().get("password"));
        if (!bridge.context().redactSecret(ctx.room().value(), ctx.message().eventId())) {
            ctx.reply("Please delete your message: it contains your password.");
        }
        if (!ctx.message().managementRoom()) {
            throw new CommandException("Your password was not stored: use storepass in your private chat with the "
                    + "bridge bot. If others could read it, change it.");
        }
        if (!IrcText.isClean(password.reveal())) {
            throw new UsageException("A password cannot contain line breaks or NUL characters.");
        }
        String user = ctx.sender().value();
        bridge.passwords().store(user, password);
        Optional<IrcConnection> connection = connected(user);
        connection.ifPresent(c -> c.raw(identifyLine(password)));
        ctx.reply("Your password is stored, encrypted. Your IRC connection identifies with it whenever it connects"
                + (connection.isPresent() ? "; it was just sent to NickServ." : "."));
    }

    private static String channel(CommandContext ctx) {
        return IrcNames.channel(ctx.args().get("channel")).orElseThrow(() ->
                new UsageException("The channel must be a channel name such as #matrix."));
    }

    private void join(CommandContext ctx) throws Exception {
        String channel = channel(ctx);
        Optional<String> key = ctx.args().find("key");
        if (key.isPresent()) {
            if (!bridge.context().redactSecret(ctx.room().value(), ctx.message().eventId())) {
                ctx.reply("Please delete your message: it contains the channel key.");
            }
            if (!ctx.message().managementRoom()) {
                throw new CommandException("The key was not stored: use join in your private chat with the bridge bot.");
            }
            try {
                IrcText.word(key.get());
            } catch (IllegalArgumentException e) {
                throw new UsageException("A channel key is one word, without spaces, commas or line breaks.");
            }
        }
        bridge.rules().refusal(channel).ifPresent(why -> {
            throw new CommandException("Not joined: " + why + ".");
        });
        key.ifPresent(k -> bridge.keys().store(channel, Secret.of(k)));
        try {
            bridge.context().openPortal(ChannelTracker.room(channel), ctx.sender().value());
        } catch (IllegalArgumentException e) {
            throw new CommandException("Could not join " + channel + " (the bridge bot could not get in"
                    + (key.isEmpty() ? "; if it has a key, give it: join " + channel + " <key>" : ": is the key right?")
                    + ").");
        } catch (dev.mxbridge.core.network.NotBridgedException e) {
            throw new CommandException("Not joined: " + e.getMessage() + ".");
        }
        ctx.reply("You are invited to the room of " + channel + ".");
    }

    private void part(CommandContext ctx) {
        String channel = channel(ctx);
        bridge.context().removeFromPortal(ChannelTracker.room(channel), ctx.sender().value(), "left " + channel
                + " with the part command");
        ctx.reply("You left " + channel + ".");
    }

    private void cmd(CommandContext ctx) {
        String line = ctx.args().get("line").strip();
        if (!IrcText.isClean(line)) {
            throw new UsageException("A command is one line, without line breaks or NUL characters.");
        }
        String command = line.split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
        if (!RAW_COMMANDS.contains(command)) {
            throw new CommandException(command + " is not allowed; cmd sends " + String.join(", ",
                    new java.util.TreeSet<>(RAW_COMMANDS)) + ".");
        }
        IrcConnection connection = connected(user(ctx)).orElseThrow(() ->
                new CommandException("You are not connected to IRC now."));
        connection.raw(line);
        ctx.reply("Sent.");
    }

    private void removePass(CommandContext ctx) {
        ctx.reply(bridge.passwords().remove(ctx.sender().value())
                ? "Your IRC password is deleted." : "You have no stored IRC password.");
    }
}
