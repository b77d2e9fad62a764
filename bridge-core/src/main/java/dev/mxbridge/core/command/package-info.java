/**
 * Commands of the bridge bot, sent in a management room or, with a prefix such as {@code !irc}, in bridged rooms.
 * A {@link dev.mxbridge.core.command.Command} declares its name, arguments, help text, permission level and handler;
 * {@link dev.mxbridge.core.command.Commands} recognises, checks, parses and runs them, answers through a
 * {@link dev.mxbridge.core.command.ReplySink}, and generates {@code help} from the declarations.
 */
package dev.mxbridge.core.command;
