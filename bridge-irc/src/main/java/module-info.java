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
    requires ch.qos.logback.classic; // the default log configuration, in code (logging.LogConfigurator)
    requires ch.qos.logback.core;

    provides ch.qos.logback.classic.spi.Configurator with dev.mxbridge.irc.logging.LogConfigurator;
}
