package dev.mxbridge.testkit;

/**
 * Root of every exception the test kit throws: a server that would not install or start, a script that failed, a
 * request that could not be sent. Unchecked, so that test code stays free of plumbing.
 */
public class TestKitException extends RuntimeException {
    /** With a message that says what failed and where to look. */
    public TestKitException(String message) {
        super(message);
    }

    /** With a message and the underlying failure. */
    public TestKitException(String message, Throwable cause) {
        super(message, cause);
    }
}
