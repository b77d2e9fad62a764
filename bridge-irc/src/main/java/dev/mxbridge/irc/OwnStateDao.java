package dev.mxbridge.irc;

import org.pircbotx.Channel;
import org.pircbotx.Configuration;
import org.pircbotx.PircBotX;
import org.pircbotx.User;
import org.pircbotx.UserChannelDao;
import org.pircbotx.UserHostmask;
import org.pircbotx.UserLevel;

/**
 * A puppet's PircBotX state: its channels and its own user, never other users. Behind {@link PuppetLines}, which
 * keeps lines about others from PircBotX; this makes sure that whatever gets through (a CTCP {@code VERSION}
 * request, a line some server sends unasked) leaves no member, private-chat partner or channel level behind.
 */
final class OwnStateDao extends UserChannelDao<User, Channel> {

    OwnStateDao(PircBotX bot, Configuration.BotFactory botFactory) {
        super(bot, botFactory);
    }

    /** Others get a user object for the event at hand, which is not kept. */
    @Override
    public User createUser(UserHostmask hostmask) {
        if (isSelf(hostmask.getNick())) {
            return super.createUser(hostmask);
        }
        return bot.getConfiguration().getBotFactory().createUser(hostmask);
    }

    @Override
    protected void addUserToChannel(User user, Channel channel) {
        if (isSelf(user.getNick())) {
            super.addUserToChannel(user, channel);
        }
    }

    @Override
    protected void addUserToLevel(UserLevel level, User user, Channel channel) {
        if (isSelf(user.getNick())) {
            super.addUserToLevel(level, user, channel);
        }
    }

    @Override
    protected void addUserToPrivate(User user) {
        // private chats of puppets are the bridge's (PrivateChats), from the raw lines
    }

    private boolean isSelf(String nick) {
        return nick != null && nick.equalsIgnoreCase(bot.getNick());
    }
}
