package dev.mxbridge.testkit.slack;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the people of the workspace do, on a test's behalf: each action changes the workspace as the Slack client
 * would and so sends the app the events Slack would. Backs {@link FakeSlack}'s test-side methods.
 */
final class People {
    private final Workspace ws;

    People(Workspace ws) {
        this.ws = ws;
    }

    SlackUser addUser(String name, String realName) {
        synchronized (ws) {
            return ws.addUser(ws.ids.next("U"), name, realName, name, false);
        }
    }

    SlackUser changeUser(SlackUser user, String realName, String displayName, String avatarUrl) {
        synchronized (ws) {
            SlackUser changed = new SlackUser(user.id(), user.name(), realName, displayName, avatarUrl, user.isBot());
            ws.changeUser(changed);
            return changed;
        }
    }

    SlackChannel addChannel(SlackChannel.Kind kind, String name, SlackUser... members) {
        synchronized (ws) {
            if (ws.channelNamed(name).isPresent()) {
                throw new IllegalArgumentException("a channel #" + name + " exists already");
            }
            Set<String> ids = ids(members);
            return ws.addConversation(kind, name, ids.stream().findFirst().orElse(ws.app.botUserId()), ids).snapshot();
        }
    }

    SlackChannel createChannel(SlackUser creator, String name) {
        synchronized (ws) {
            if (ws.channelNamed(name).isPresent()) {
                throw new IllegalArgumentException("a channel #" + name + " exists already");
            }
            return ws.createChannel(name, creator.id()).snapshot();
        }
    }

    SlackChannel direct(SlackUser... members) {
        synchronized (ws) {
            return ws.directConversation(ids(members)).snapshot();
        }
    }

    void join(SlackUser user, SlackChannel channel) {
        synchronized (ws) {
            ws.join(conversation(channel.id()), user.id(), "");
        }
    }

    void rename(SlackUser user, SlackChannel channel, String name) {
        synchronized (ws) {
            ws.rename(member(user, channel.id()), user.id(), name);
        }
    }

    void setTopic(SlackUser user, SlackChannel channel, String topic) {
        synchronized (ws) {
            ws.setTopic(member(user, channel.id()), user.id(), topic);
        }
    }

    void setPurpose(SlackUser user, SlackChannel channel, String purpose) {
        synchronized (ws) {
            ws.setPurpose(member(user, channel.id()), user.id(), purpose);
        }
    }

    void archive(SlackUser user, SlackChannel channel) {
        synchronized (ws) {
            ws.archive(member(user, channel.id()), user.id());
        }
    }

    SlackMessage post(SlackUser user, String channel, String text, Optional<String> blocks, Optional<String> threadTs,
                      boolean broadcast) {
        synchronized (ws) {
            Conversation c = member(user, channel);
            StoredMessage m = ws.newMessage(c, user.id(), null, text);
            m.clientMsgId = UUID.randomUUID().toString();
            blocks.ifPresent(b -> m.blocks = Json.parse(b));
            threadTs.ifPresent(ts -> m.threadTs = ts);
            if (broadcast) {
                m.subtype = "thread_broadcast";
            }
            ws.post(c, m);
            return m.snapshot();
        }
    }

    SlackMessage edit(SlackUser user, SlackMessage message, String text) {
        synchronized (ws) {
            Conversation c = conversation(message.channel());
            StoredMessage m = stored(c, message);
            ws.edit(c, m, user.id(), text, Optional.empty());
            return m.snapshot();
        }
    }

    void delete(SlackMessage message) {
        synchronized (ws) {
            Conversation c = conversation(message.channel());
            ws.delete(c, stored(c, message));
        }
    }

    void react(SlackUser user, SlackMessage message, String name, boolean add) {
        synchronized (ws) {
            Conversation c = conversation(message.channel());
            if (add) {
                ws.react(c, stored(c, message), user.id(), name);
            } else {
                ws.unreact(c, stored(c, message), user.id(), name);
            }
        }
    }

    SlackFile shareFile(SlackUser user, SlackChannel channel, String filename, byte[] bytes, String comment) {
        synchronized (ws) {
            Conversation c = member(user, channel.id());
            StoredFile file = new StoredFile(ws.ids.next("F"), filename, filename, FileMethods.mimetype(filename),
                    user.id(), System.currentTimeMillis() / 1000, bytes.clone());
            ws.files.put(file.id(), file);
            StoredMessage m = ws.newMessage(c, user.id(), null, comment);
            m.subtype = "file_share";
            m.fileIds.add(file.id());
            m.clientMsgId = UUID.randomUUID().toString();
            ws.post(c, m);
            return file(file);
        }
    }

    void addEmoji(String name, String url) {
        synchronized (ws) {
            ws.addEmoji(name, url);
        }
    }

    // ---- readers

    SlackChannel channel(String id) {
        synchronized (ws) {
            return conversation(id).snapshot();
        }
    }

    List<SlackChannel> channels() {
        synchronized (ws) {
            return ws.conversations().stream().map(Conversation::snapshot).toList();
        }
    }

    List<SlackMessage> messages(String channel) {
        synchronized (ws) {
            return conversation(channel).messages.values().stream().map(StoredMessage::snapshot).toList();
        }
    }

    Optional<SlackMessage> message(String channel, String ts) {
        synchronized (ws) {
            return conversation(channel).message(ts).map(StoredMessage::snapshot);
        }
    }

    SlackUser user(String id) {
        synchronized (ws) {
            return ws.user(id).orElseThrow(() -> new IllegalArgumentException("no user " + id));
        }
    }

    List<SlackUser> users() {
        synchronized (ws) {
            return List.copyOf(ws.users());
        }
    }

    SlackFile file(String id) {
        synchronized (ws) {
            return file(Optional.ofNullable(ws.files.get(id)).orElseThrow(() -> new IllegalArgumentException("no file " + id)));
        }
    }

    byte[] fileContent(String id) {
        synchronized (ws) {
            return Optional.ofNullable(ws.files.get(id)).orElseThrow(() -> new IllegalArgumentException("no file " + id))
                    .bytes().clone();
        }
    }

    private SlackFile file(StoredFile f) {
        return new SlackFile(f.id(), f.name(), f.title(), f.mimetype(), f.bytes().length, f.user(), ws.render.urlPrivate(f));
    }

    private Conversation conversation(String id) {
        return ws.conversation(id).orElseThrow(() -> new IllegalArgumentException("no conversation " + id));
    }

    private Conversation member(SlackUser user, String channel) {
        Conversation c = conversation(channel);
        if (!c.members.contains(user.id())) {
            throw new IllegalArgumentException(user.name() + " is not a member of " + c.id + " (" + c.name + ")");
        }
        return c;
    }

    private static StoredMessage stored(Conversation c, SlackMessage message) {
        return c.message(message.ts()).orElseThrow(() -> new IllegalArgumentException("no message " + message.ts() + " in " + c.id));
    }

    private static Set<String> ids(SlackUser... users) {
        return new LinkedHashSet<>(Arrays.stream(users).map(SlackUser::id).toList());
    }
}
