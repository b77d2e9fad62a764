package dev.mxbridge.irc;

import java.io.IOException;
import java.util.Locale;
import org.pircbotx.PircBotX;
import org.pircbotx.Utils;
import org.pircbotx.output.OutputRaw;

/**
 * PircBotX's raw output, except that lines carrying a password ({@code PASS}, {@code AUTHENTICATE}, a NickServ
 * {@code IDENTIFY}, a {@code JOIN} with a channel key) are sent without the INFO log line PircBotX writes for every
 * line it sends. Counts the lines that wait for the message delay ({@link IrcMetrics}).
 */
final class SecretLines extends OutputRaw {

    SecretLines(PircBotX bot) {
        super(bot);
    }

    /** Whether a line sent to the server carries a secret. */
    static boolean isSecret(String line) {
        String upper = line.toUpperCase(Locale.ROOT);
        return upper.startsWith("PASS ") || upper.startsWith("AUTHENTICATE ") && !upper.equals("AUTHENTICATE PLAIN")
                || upper.startsWith("PRIVMSG NICKSERV :IDENTIFY ") || upper.startsWith("JOIN ") && upper.trim().indexOf(' ', 5) > 0; // JOIN #channel key
    }

    @Override
    public void rawLine(String line) {
        countIfThrottled();
        if (!isSecret(line)) {
            super.rawLine(line);
            return;
        }
        writeLock.lock();
        try {
            long now = System.nanoTime();
            while (lastSentLine + delayNanos > now) {
                writeNowCondition.awaitNanos(lastSentLine + delayNanos - now);
                now = System.nanoTime();
            }
            send(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IrcBridgeException("interrupted before a line went out");
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Counts the line as throttled if the message delay since the last line has not passed. Read without the write
     * lock, which PircBotX takes only after {@code isConnected()}, a call that can wait for a connect in progress (and
     * the connect sends through this lock): a metric's estimate when several threads send at once.
     */
    private void countIfThrottled() {
        if (lastSentLine + delayNanos > System.nanoTime() && bot instanceof SafeBot safe) {
            safe.meters().throttled();
        }
    }

    @Override
    public void rawLineNow(String line, boolean resetDelay) {
        if (!isSecret(line)) {
            super.rawLineNow(line, resetDelay);
            return;
        }
        writeLock.lock();
        try {
            send(line);
            if (resetDelay) {
                writeNowCondition.signalAll();
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void send(String line) {
        try {
            Utils.sendRawLineToServer(bot, line);
            lastSentLine = System.nanoTime();
        } catch (IOException e) {
            throw new IrcBridgeException("could not send a line to the IRC server: " + e.getMessage());
        }
    }
}
