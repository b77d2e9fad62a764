package dev.mxbridge.example;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A toy chat network living in memory: rooms, and posts that can be edited, reacted to and deleted. It stands in
 * for a real remote network in the example bridge and its tests; every change is announced to one listener.
 *
 * <p>It keeps its last {@code history} posts, as a network's scroll-back does; an older post is forgotten, and
 * editing, deleting or reacting to it is refused like any unknown post. The bridge's memory stays its own: a
 * benchmark or a demo left running does not grow the heap by every message it carried.
 */
public final class ExampleChat {
    /** A post; {@code text} is the current text, {@code deleted} once removed. */
    public record Post(String room, String id, String author, String text, Optional<String> replyTo, boolean deleted) {
    }

    /** What happened, as the listener hears it. */
    public sealed interface Change {
        Post post();
    }

    public record Posted(Post post) implements Change {
    }

    public record Edited(Post post) implements Change {
    }

    public record Deleted(Post post) implements Change {
    }

    public record Reacted(Post post, String user, String emoji) implements Change {
    }

    public record Unreacted(Post post, String user, String emoji) implements Change {
    }

    private final Map<String, String> rooms = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = new ConcurrentHashMap<>();
    private final Map<String, Post> posts = new ConcurrentHashMap<>();
    private final ArrayDeque<Post> timeline = new ArrayDeque<>();
    private final Map<String, List<String>> reactions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final int history;
    private volatile Consumer<Change> listener = c -> { };

    /** A chat that keeps every post. */
    public ExampleChat() {
        this(Integer.MAX_VALUE);
    }

    /** @param history how many posts it keeps, at least one: the oldest beyond that are forgotten */
    public ExampleChat(int history) {
        if (history < 1) {
            throw new IllegalArgumentException("history must keep at least one post, not " + history);
        }
        this.history = history;
    }

    public void createRoom(String id, String name) {
        rooms.put(id, name);
    }

    public void register(String user, String password) {
        passwords.put(user, password);
    }

    public boolean checkPassword(String user, String password) {
        return password.equals(passwords.get(user));
    }

    public Optional<String> roomName(String id) {
        return Optional.ofNullable(rooms.get(id));
    }

    public void listen(Consumer<Change> value) {
        this.listener = value;
    }

    public Post post(String room, String author, String text, Optional<String> replyTo) {
        if (!rooms.containsKey(room)) {
            throw new IllegalArgumentException("no room " + room);
        }
        Post post = new Post(room, "p" + ids.incrementAndGet(), author, text, replyTo, false);
        synchronized (timeline) {
            posts.put(post.id(), post);
            timeline.addLast(post);
            if (timeline.size() > history) {
                String forgotten = timeline.removeFirst().id();
                posts.remove(forgotten);
                reactions.remove(forgotten);
            }
        }
        listener.accept(new Posted(post));
        return post;
    }

    /** @throws IllegalArgumentException for a post it does not have (never made, or forgotten) */
    public Post edit(String id, String text) {
        Post post = posts.computeIfPresent(id, (k, p) -> new Post(p.room(), p.id(), p.author(), text, p.replyTo(), p.deleted()));
        listener.accept(new Edited(known(id, post)));
        return post;
    }

    /** @throws IllegalArgumentException for a post it does not have (never made, or forgotten) */
    public void delete(String id) {
        Post post = posts.computeIfPresent(id, (k, p) -> new Post(p.room(), p.id(), p.author(), p.text(), p.replyTo(), true));
        listener.accept(new Deleted(known(id, post)));
    }

    /** @throws IllegalArgumentException for a post it does not have (never made, or forgotten) */
    public void react(String id, String user, String emoji) {
        Post post = known(id, posts.get(id));
        reactions.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(emoji);
        listener.accept(new Reacted(post, user, emoji));
    }

    private static Post known(String id, Post post) {
        if (post == null) {
            throw new IllegalArgumentException("no post " + id);
        }
        return post;
    }

    /** Takes back a reaction {@code user} gave. */
    public void unreact(String id, String user, String emoji) {
        List<String> list = reactions.get(id);
        Post post = posts.get(id);
        if (post != null && list != null && list.remove(emoji)) {
            listener.accept(new Unreacted(post, user, emoji));
        }
    }

    /** The reactions a post got, oldest first. */
    public List<String> reactions(String id) {
        return List.copyOf(reactions.getOrDefault(id, List.of()));
    }

    /** Current state of a room's posts, oldest first. */
    public List<Post> posts(String room) {
        synchronized (timeline) {
            return timeline.stream().filter(p -> p.room().equals(room)).map(p -> posts.get(p.id())).toList();
        }
    }
}
