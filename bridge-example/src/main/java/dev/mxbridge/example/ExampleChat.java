package dev.mxbridge.example;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A toy chat network living in memory: rooms, and posts that can be edited, reacted to and deleted. It stands in
 * for a real remote network in the example bridge and its tests; every change is announced to one listener.
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
    private final List<Post> timeline = new ArrayList<>();
    private final Map<String, List<String>> reactions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Consumer<Change> listener = c -> { };

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
        posts.put(post.id(), post);
        synchronized (timeline) {
            timeline.add(post);
        }
        listener.accept(new Posted(post));
        return post;
    }

    public Post edit(String id, String text) {
        Post post = posts.computeIfPresent(id, (k, p) -> new Post(p.room(), p.id(), p.author(), text, p.replyTo(), p.deleted()));
        listener.accept(new Edited(post));
        return post;
    }

    public void delete(String id) {
        Post post = posts.computeIfPresent(id, (k, p) -> new Post(p.room(), p.id(), p.author(), p.text(), p.replyTo(), true));
        listener.accept(new Deleted(post));
    }

    public void react(String id, String user, String emoji) {
        reactions.computeIfAbsent(id, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(emoji);
        listener.accept(new Reacted(posts.get(id), user, emoji));
    }

    /** Takes back a reaction {@code user} gave. */
    public void unreact(String id, String user, String emoji) {
        List<String> list = reactions.get(id);
        if (list != null && list.remove(emoji)) {
            listener.accept(new Unreacted(posts.get(id), user, emoji));
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
