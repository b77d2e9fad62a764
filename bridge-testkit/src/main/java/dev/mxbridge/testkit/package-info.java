/**
 * The mxbridge test kit: real servers for integration tests, started by JUnit 5 and reached over their real protocols.
 *
 * <p>{@link dev.mxbridge.testkit.Homeserver} runs a Synapse homeserver (installed into {@code build/synapse} on first
 * use), or Dendrite (built into {@code build/dendrite}), with the application-service registrations of the bridge under
 * test; {@link dev.mxbridge.testkit.HomeserverGap} marks a test known to fail on one of them, and why; {@link dev.mxbridge.testkit.TestUser} is a
 * person on it, sending and reading messages through the Client-Server API. {@link dev.mxbridge.testkit.PostgresServer}
 * runs a PostgreSQL cluster under {@code build/postgres} and gives each test class a fresh database.
 * {@link dev.mxbridge.testkit.IrcServer} runs an ngIRCd, an InspIRCd 3 with its IRCv3 modules, or an ircd-hybrid 8
 * for TS6 links, under {@code build/ircd} (installed from Debian packages on first use; hybrid unpacked from its
 * package into {@code build/ircd-hybrid}, as it conflicts with ngIRCd's), and {@link dev.mxbridge.testkit.IrcTestClient} speaks raw IRC to it. All are used as
 * static {@code @RegisterExtension} fields; each test class gets its own homeserver instance, while one PostgreSQL
 * server serves the whole test run.
 *
 * <p>{@code dev.mxbridge.testkit.telegram} has a fake Telegram Bot API, {@code FakeTelegram}, for bridges on the Bot
 * API: no server to install, the real wire protocol.
 *
 * <p>The shell scripts behind them ({@code scripts/synapse.sh}, {@code scripts/dendrite.sh}, {@code scripts/postgres.sh},
 * {@code scripts/ircd.sh}) also work by hand. They need bash, Python 3.10+ with venv, Go 1.21+ for Dendrite, and for
 * PostgreSQL either Debian's {@code postgresql} package or root to install it. Failures surface as {@link dev.mxbridge.testkit.TestKitException} with the last lines of the server's log.
 *
 * <p>Where no real server can run in a test - Slack - the package {@code dev.mxbridge.testkit.slack} has a fake that
 * speaks the real protocol and records what happened.
 */
package dev.mxbridge.testkit;
