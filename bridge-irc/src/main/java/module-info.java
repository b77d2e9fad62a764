/**
 * bridge-irc: the IRC reference bridge on PircBotX 2.1 (GPL-3.0). Exports the protocol layer's API: text cleaning,
 * line splitting and formatting conversion.
 */
module dev.mxbridge.irc {
    exports dev.mxbridge.irc;

    requires transitive dev.mxbridge.core;
    requires pircbotx;
    requires com.google.common;
    requires org.slf4j;
}
