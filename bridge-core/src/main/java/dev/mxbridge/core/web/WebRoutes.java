package dev.mxbridge.core.web;

import java.util.List;

/**
 * A network capability: HTTP endpoints of its own, mounted under {@code /_mxbridge/<network id>/} on the bridge's
 * listener (the AS API's bind address and port, or the public URL in front of it).
 *
 * <p>Threading: {@link #routes()} is called once, before the listener opens; handlers run on the listener's
 * threads, several at once, and should answer within seconds (webhook senders time out and retry).
 */
public interface WebRoutes {

    /** The endpoints; their paths are relative to {@code /_mxbridge/<network id>/}. */
    List<WebRoute> routes();
}
