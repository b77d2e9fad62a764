package dev.mxbridge.core.command;

import dev.mxbridge.core.command.PermissionLevel;

/** Commands every bridge has. {@code help} is registered by {@link Commands#builder}; add the others yourself. */
public final class CoreCommands {

    private CoreCommands() {
    }

    /** {@code help [command]}: lists the commands the sender may run, or explains one. Open to everyone. */
    public static Command help() {
        return Command.builder("help")
                .args(Arg.optional("command"))
                .description("List the commands you can use, or explain one.")
                .level(PermissionLevel.NONE)
                .handler(ctx -> ctx.reply(ctx.args().find("command")
                        .map(name -> ctx.commands().help(name))
                        .orElseGet(() -> ctx.commands().help(ctx.level(), ctx.message().managementRoom()))))
                .build();
    }

    /** {@code version}: answers with the bridge's name and version, e.g. {@code mxbridge-irc 0.1.0}. */
    public static Command version(String bridgeName, String version) {
        String text = bridgeName + " " + version;
        return Command.builder("version")
                .description("Show the bridge's name and version.")
                .level(PermissionLevel.RELAY)
                .handler(ctx -> ctx.reply(text))
                .build();
    }
}
