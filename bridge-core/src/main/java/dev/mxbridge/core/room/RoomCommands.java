package dev.mxbridge.core.room;

import dev.mxbridge.core.network.RoomMode;

import dev.mxbridge.core.client.Intent;
import dev.mxbridge.core.client.MatrixException;
import dev.mxbridge.core.client.RoomAlias;
import dev.mxbridge.core.client.RoomId;
import dev.mxbridge.core.client.UserId;
import dev.mxbridge.core.command.Arg;
import dev.mxbridge.core.command.Command;
import dev.mxbridge.core.command.CommandContext;
import dev.mxbridge.core.command.CommandException;
import dev.mxbridge.core.command.Commands;
import dev.mxbridge.core.command.CoreCommands;
import dev.mxbridge.core.command.Section;
import dev.mxbridge.core.config.BridgeConfig;
import dev.mxbridge.core.client.MatrixClient;
import dev.mxbridge.core.network.Logins;
import dev.mxbridge.core.network.NetworkConnector;
import dev.mxbridge.core.network.RemoteRoomId;
import dev.mxbridge.core.secret.Secret;
import dev.mxbridge.core.user.Puppets;
import dev.mxbridge.core.network.RemoteRoomInfo;
import dev.mxbridge.core.command.PermissionLevel;
import dev.mxbridge.core.command.Permissions;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bot's room commands: {@code link}, {@code unlink}, {@code plumb-portal}, {@code whoami} and {@code version}
 * (with {@code help} from the framework). Linking and unlinking need the bridge's {@code user} level and, in the
 * room, the configured power level.
 */
final class RoomCommands {
    private final Parts bridge;
    private final int plumbLevel;

    private RoomCommands(Parts bridge, int plumbLevel) {
        this.bridge = bridge;
        this.plumbLevel = plumbLevel;
    }

    static Commands create(Parts bridge, BridgeConfig.Bridging config, Permissions permissions) {
        RoomCommands c = new RoomCommands(bridge, config.plumbPowerLevel());
        String name = bridge.network().info().displayName();
        Commands.Builder builder = Commands.builder(config.commandPrefix(), permissions);
        bridge.network().commands().forEach(builder::add);
        return builder
                .add(CoreCommands.version("mxbridge " + bridge.network().info().id(), version()))
                .add(Command.builder("whoami").description("Show who you are to the bridge and what you may do.")
                        .level(PermissionLevel.NONE).handler(c::whoami).build())
                .add(Command.builder("link").args(Arg.required("remote-room"))
                        .description("Link this room to a " + name + " room (plumbing). Needs power level " + c.plumbLevel + ".")
                        .section(Section.ROOMS).level(PermissionLevel.USER).handler(c::link).build())
                .add(Command.builder("unlink").args(Arg.optional("remote-room"))
                        .description("Unlink this room from one or all of its " + name + " rooms.")
                        .section(Section.ROOMS).level(PermissionLevel.USER).handler(c::unlink).build())
                .add(Command.builder("login").args(Arg.optional("flow"))
                        .description("Log in to " + name + " with your own account (in your private chat with the bot).")
                        .section(Section.ACCOUNT).level(PermissionLevel.USER).handler(c::login).build())
                .add(Command.builder("logout").args(Arg.optional("login-id"))
                        .description("Log out of " + name + "; your stored credentials are deleted.")
                        .section(Section.ACCOUNT).level(PermissionLevel.USER).handler(c::logout).build())
                .add(Command.builder("cancel").description("Cancel the login in progress.")
                        .section(Section.ACCOUNT).level(PermissionLevel.USER).handler(c::cancel).build())
                .add(Command.builder("login-matrix").args(Arg.required("access-token"))
                        .description("Let the bridge act as your Matrix account (double puppeting), with an access token of yours.")
                        .section(Section.ACCOUNT).level(PermissionLevel.USER).handler(c::loginMatrix).build())
                .add(Command.builder("logout-matrix").description("Stop double puppeting; the token is deleted.")
                        .section(Section.ACCOUNT).level(PermissionLevel.USER).handler(c::logoutMatrix).build())
                .add(Command.builder("set-relay").args(Arg.optional("off"))
                        .description("Relay users without a login through your own " + name + " login in this room (or: off).")
                        .section(Section.ROOMS).level(PermissionLevel.USER).handler(c::setRelay).build())
                .add(Command.builder("plumb-portal").args(Arg.optional("keep-alias"))
                        .description("Turn this portal into a plumbed room you manage; its alias is removed unless you say keep-alias.")
                        .section(Section.ROOMS).level(PermissionLevel.ADMIN).handler(c::plumbPortal).build())
                .build();
    }

    private static String version() {
        return Optional.ofNullable(RoomCommands.class.getPackage().getImplementationVersion()).orElse("development");
    }

    private void whoami(CommandContext ctx) {
        String logins = bridge.puppets().map(p -> p.logins(ctx.sender().value()).stream()
                .map(l -> l.loginId() + " (" + l.remoteUser() + ")").toList().toString()).orElse("[]");
        boolean doublePuppet = bridge.doublePuppets().intent(ctx.sender().value()).isPresent();
        ctx.reply(ctx.sender().value() + ": permission level " + ctx.level().configName() + "; logins " + logins
                + "; double puppeting " + (doublePuppet ? "on" : "off") + ".");
    }

    private Puppets puppets() {
        return bridge.puppets().orElseThrow(() -> new CommandException(
                bridge.network().info().displayName() + " has no logins: everyone is relayed."));
    }

    private void login(CommandContext ctx) throws Exception {
        if (!ctx.message().managementRoom()) {
            throw new CommandException("Log in in your private chat with " + bridge.bot().userId().value() + ", not here.");
        }
        Puppets puppets = puppets();
        List<Logins.LoginFlow> flows = puppets.flows();
        String flow = ctx.args().find("flow").orElse(flows.getFirst().id());
        if (flows.stream().noneMatch(f -> f.id().equals(flow))) {
            throw new CommandException("No login flow " + flow + "; there is " + flows.stream().map(Logins.LoginFlow::id).toList() + ".");
        }
        puppets.start(ctx.sender().value(), flow, ctx::reply);
    }

    private void logout(CommandContext ctx) {
        List<String> removed = puppets().logout(ctx.sender().value(), ctx.args().find("login-id"));
        ctx.reply(removed.isEmpty() ? "You have no such login." : "Logged out of " + removed + "; the credentials are deleted.");
    }

    private void cancel(CommandContext ctx) {
        ctx.reply(puppets().cancel(ctx.sender().value()) ? "Login cancelled." : "No login in progress.");
    }

    private void loginMatrix(CommandContext ctx) {
        Secret token = Secret.of(ctx.args().get("access-token"));
        bridge.forget(ctx.room().value(), ctx.message().eventId(), ctx::reply);
        try (MatrixClient client = bridge.doublePuppets().clientFor(ctx.sender().value(), token)) {
            UserId who = client.bot().whoami().userId();
            if (!who.equals(ctx.sender())) {
                throw new CommandException("That token belongs to " + who.value() + ", not you.");
            }
        } catch (MatrixException e) {
            throw new CommandException("The homeserver refused that token (" + e.errcode() + ").");
        }
        bridge.doublePuppets().put(ctx.sender().value(), token);
        ctx.reply("Double puppeting is on: what you do on " + bridge.network().info().displayName()
                + " shows up from your Matrix account.");
    }

    private void logoutMatrix(CommandContext ctx) {
        ctx.reply(bridge.doublePuppets().delete(ctx.sender().value()) ? "Double puppeting is off; the token is deleted."
                : "Double puppeting was not on.");
    }

    private void link(CommandContext ctx) throws Exception {
        requirePowerLevel(ctx);
        String key = ctx.args().get("remote-room");
        RemoteRoomInfo remote;
        try {
            remote = bridge.network().resolvePortal(key).orElseThrow(() ->
                    new CommandException("There is no " + bridge.network().info().displayName() + " room " + key + "."));
        } catch (dev.mxbridge.core.network.NotBridgedException e) {
            throw new CommandException("Not linked: " + e.getMessage());
        }
        Optional<BridgedRoom> room = bridge.rooms().room(ctx.room().value());
        if (room.isPresent() && room.get().mode() == RoomMode.PORTAL) {
            throw new CommandException("This room is a portal. Turn it into a plumbed room first with "
                    + ctx.commands().prefix() + " plumb-portal.");
        }
        if (room.isPresent() && room.get().remotes().contains(remote.id())) {
            throw new CommandException("This room is already linked to " + remote.name() + ".");
        }
        switch (bridge.network().approveLink(remote, ctx.room().value(), ctx.sender().value())) {
            case NetworkConnector.LinkDecision.Deny deny -> throw new CommandException("Not linked: " + deny.reason());
            case NetworkConnector.LinkDecision.Pending pending -> ctx.reply(pending.message());
            case NetworkConnector.LinkDecision.Allow allow -> {
                bridge.linkPlumbed(ctx.room().value(), remote.id(), ctx.sender().value());
                ctx.reply("Linked this room to " + remote.name() + " (" + remote.id() + ").");
            }
        }
    }

    private void unlink(CommandContext ctx) throws Exception {
        requirePowerLevel(ctx);
        BridgedRoom room = bridge.rooms().room(ctx.room().value())
                .orElseThrow(() -> new CommandException("This room is not bridged."));
        List<RemoteRoomId> targets = ctx.args().find("remote-room").map(RemoteRoomId::new).map(List::of).orElse(room.remotes());
        if (!room.remotes().containsAll(targets)) {
            throw new CommandException("This room is not linked to " + targets.getFirst() + ".");
        }
        for (RemoteRoomId remote : targets) {
            bridge.rooms().unlink(room.roomId(), remote);
            bridge.network().unlinked(remote, room.roomId());
        }
        boolean empty = bridge.rooms().room(room.roomId()).isEmpty();
        ctx.reply("Unlinked " + targets.stream().map(RemoteRoomId::value).toList() + "."
                + (empty ? " The bridge leaves this room; the " + bridge.network().info().displayName()
                + " room can get a fresh portal later." : ""));
        if (empty) {
            bridge.leave(room);
        }
    }

    private void setRelay(CommandContext ctx) {
        requirePowerLevel(ctx);
        BridgedRoom room = bridge.rooms().room(ctx.room().value())
                .orElseThrow(() -> new CommandException("This room is not bridged."));
        if (ctx.args().find("off").isPresent()) {
            bridge.rooms().setRelay(room.roomId(), Optional.empty());
            ctx.reply("The relay is back to the bridge's own account.");
            return;
        }
        if (puppets().clientFor(ctx.sender().value()).isEmpty()) {
            throw new CommandException("Log in first: the relay posts through your " + bridge.network().info().displayName() + " login.");
        }
        bridge.rooms().setRelay(room.roomId(), Optional.of(ctx.sender().value()));
        ctx.reply("Users without a login are now relayed through your login in this room.");
    }

    private void plumbPortal(CommandContext ctx) throws Exception {
        BridgedRoom room = bridge.rooms().room(ctx.room().value())
                .filter(r -> r.mode() == RoomMode.PORTAL)
                .orElseThrow(() -> new CommandException("This room is not a portal."));
        boolean keepAlias = ctx.args().find("keep-alias").filter("keep-alias"::equals).isPresent();
        RoomId id = new RoomId(room.roomId());
        Intent bot = bridge.bot();
        ObjectNode levels = bot.stateContent(id, "m.room.power_levels", "").orElseThrow().deepCopy();
        levels.withObject("users").put(ctx.sender().value(), 100);
        bot.sendState(id, "m.room.power_levels", "", levels);
        if (!keepAlias) {
            room.alias().ifPresent(alias -> bot.deleteAlias(new RoomAlias(alias)));
        }
        bridge.rooms().setMode(room.roomId(), RoomMode.PLUMBED);
        ctx.reply("This room is now a plumbed room: you have power level 100 and manage it"
                + (keepAlias ? "; the alias stays." : "; its alias was removed, so joining it again makes a new portal."));
    }

    private void requirePowerLevel(CommandContext ctx) {
        long level = powerLevel(ctx.room(), ctx.sender());
        if (level < plumbLevel) {
            throw CommandException.forbidden("You need power level " + plumbLevel + " in this room to do that (you have "
                    + (level == Long.MAX_VALUE ? "creator" : level) + ").");
        }
    }

    /** The user's power level; room creators in room version 12 and later outrank every level. */
    long powerLevel(RoomId room, UserId user) {
        return PowerLevels.of(bridge.bot(), room, user);
    }
}
