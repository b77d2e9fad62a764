package dev.mxbridge.testkit.telegram;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Bot API request as the fake received and answered it.
 *
 * @param method  the method as the client spelled it, e.g. {@code sendMessage}
 * @param botId   the bot whose token was used
 * @param params  every parameter as the string the server saw (JSON values serialised), file parts excluded
 * @param files   names of the uploaded file parts
 * @param chatId  {@code chat_id} when it was a number
 * @param at      when the request arrived, on the fake's clock
 * @param status  the HTTP status of the answer: 200, or the {@code error_code}
 * @param description the error's description, empty on success
 */
public record RecordedCall(String method, long botId, Map<String, String> params, List<String> files,
                           Optional<Long> chatId, Instant at, int status, String description) {

    /** The parameter's value, if the request had it. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    public boolean succeeded() {
        return status == 200;
    }
}
