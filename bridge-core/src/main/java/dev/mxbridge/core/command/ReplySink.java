package dev.mxbridge.core.command;

/**
 * Where the answers to one command message go, usually a notice from the bridge bot into the room the command came
 * from. Text is plain, possibly several lines.
 */
@FunctionalInterface
public interface ReplySink {
    void send(String text);
}
