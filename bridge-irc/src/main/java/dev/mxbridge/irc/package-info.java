/**
 * The IRC protocol layer of the IRC bridge (GPL-3.0, because PircBotX is): what every connection to IRC needs before
 * there is a bridge around it.
 *
 * <p>{@link dev.mxbridge.irc.IrcText} cleans every Matrix-controlled value at the edge, so that no CR, LF or NUL can
 * start a second IRC command; {@link dev.mxbridge.irc.IrcLines} splits text into messages that fit 512 bytes with the
 * server's prefix, on character and word boundaries; {@link dev.mxbridge.irc.IrcFormat} converts IRC formatting codes
 * to and from the core's rich-text model. Inside the package, {@code IrcBots} builds PircBotX 2.1 connections the way
 * puppets need them (no shutdown hook, no snapshots, no WHO, the network's message delay, no auto-reconnect, listeners
 * in order on the bot's virtual thread) as {@code SafeBot}s, which cut every outgoing line at its first CR, LF or NUL
 * and at 510 bytes.
 *
 * <p>IRCv3 where the server offers it ({@code CapNegotiation}: {@code CAP LS 302}, one request, SASL PLAIN before
 * {@code CAP END}, {@code CAP NEW}/{@code DEL}; the wanted list is the {@code capabilities} option, by default
 * {@code IrcConfig.DEFAULT_CAPABILITIES}): {@code server-time} dates bridged events ({@link dev.mxbridge.irc.IrcLine}
 * reads the tags); {@code message-tags} gives {@code msgid} as remote message ids (and {@code +draft/reply} answers as
 * Matrix replies, and Matrix replies as such answers: {@code SafeBot} keeps tags out of the 510 bytes); {@code echo-message} confirms a
 * puppet's delivery and turns a refusal into a failed send, and the echo is never bridged again;
 * {@code multi-prefix} lets {@code ChannelRanks} know every rank; {@code away-notify} sets the ghost's Matrix presence
 * (unavailable with the away message, or online); {@code account-notify} and {@code extended-join} lines change no
 * membership; {@code draft/relaymsg} lets the bridge bot relay users without a
 * puppet under their own name ({@code RELAYMSG #chan Name/m :text}). Without any of them everything works as on a
 * plain RFC 1459 server. Tested against InspIRCd 3 ({@code Ircv3IT}) and, for SASL and RELAYMSG, which no Debian
 * ircd offers without services, against an in-test server speaking the protocol over a socket.
 *
 * <p>The bridge itself is {@link dev.mxbridge.irc.IrcConnector} (started by {@link dev.mxbridge.irc.IrcBridge}): the
 * bridge bot's {@code IrcConnection} feeds {@code ChannelTracker}, which turns its channels' lines into remote events
 * (split quits held back by {@code QuitDebounce}, ops and voice tracked by {@code ChannelRanks}); each Matrix user in a
 * portal gets a puppet {@code IrcConnection} (kept by {@code Puppets}, which quits idle ones and knows whether every
 * Matrix member of a portal is in its channel), whose private messages {@code PrivateChats} bridges; {@code LongMessages}
 * turns long Matrix messages into links to uploaded text files. {@code IrcCommands} lets users manage their own
 * connection from their private chat with the bot, with passwords sealed by {@code SealedValues}; {@code PortalMembers}
 * remembers portal members across restarts.
 *
 * <p>Link mode ({@code network.link}, {@code LinkConfig}): {@code LinkMode} replaces all of the above with one server
 * link. {@code ServerLink} carries it (connecting or accepting, optionally over TLS with {@code LinkTls}; PING/PONG,
 * re-link with back-off) in the protocol's {@code LinkDialect}: {@code Rfc2813Dialect} as ngIRCd speaks it,
 * {@code Ts6Dialect} as ircd-hybrid does (UIDs and SIDs read back into nicks and server names, so that everything
 * below is shared). {@code LinkedNetwork} keeps the network's users and channels from the burst and turns them into remote events
 * (reconciled across re-links), and {@code LinkedUsers} introduces Matrix users as users of the bridge's server under
 * nicks free on the network.
 */
package dev.mxbridge.irc;
