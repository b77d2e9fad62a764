package dev.mxbridge.core.network;

import java.util.List;
import java.util.Map;

/**
 * One login in progress: a conversation of steps. The core shows each step to the user and feeds back what they
 * answer, until a {@link LoginStep.Done}.
 */
public interface LoginProcess {

    /** The first step. */
    LoginStep start() throws Exception;

    /** The user's answers to a {@link LoginStep.UserInput}, by field id; returns the next step. */
    LoginStep submit(Map<String, String> answers) throws Exception;

    /** Blocks until the outside action of a {@link LoginStep.DisplayAndWait} happened; returns the next step. */
    default LoginStep await() throws Exception {
        throw new UnsupportedOperationException("this login has no display-and-wait step");
    }

    /** Gives up (the user cancelled or timed out). */
    default void cancel() {
    }

    /** A step of a login. */
    sealed interface LoginStep {
        /** Ask the user for values (a token, a username and password); {@code secret} fields are never echoed. */
        record UserInput(String instructions, List<Field> fields) implements LoginStep {
        }

        /** Show something (a link, a code) and wait for the user to act outside Matrix. */
        record DisplayAndWait(String instructions, String display) implements LoginStep {
        }

        /** Logged in. */
        record Done(UserLogin login, String message) implements LoginStep {
        }

        /**
         * @param id     key in the answers map
         * @param prompt what to ask
         * @param secret whether the answer is a secret (the core deletes the user's message after reading it)
         */
        record Field(String id, String prompt, boolean secret) {
        }
    }
}
