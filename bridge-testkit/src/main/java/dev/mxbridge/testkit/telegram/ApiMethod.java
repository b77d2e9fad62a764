package dev.mxbridge.testkit.telegram;

/** One Bot API method. Called with the World lock held; may wait on it (long polling) but never does I/O. */
@FunctionalInterface
interface ApiMethod {
    Answer call(BotState bot, Params params);
}
