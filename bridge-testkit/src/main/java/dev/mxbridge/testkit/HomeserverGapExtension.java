package dev.mxbridge.testkit;

import java.lang.reflect.Method;
import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/** Runs a {@link HomeserverGap} test and turns its expected failure into a pass, and its pass into a failure. */
final class HomeserverGapExtension implements InvocationInterceptor {
    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        HomeserverGap gap = context.getRequiredTestMethod().getAnnotation(HomeserverGap.class);
        if (gap == null || gap.on() != Homeserver.configuredImplementation()) {
            invocation.proceed();
            return;
        }
        String test = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        try {
            invocation.proceed();
        } catch (Throwable failure) {
            if (Objects.toString(failure.getMessage(), "").contains(gap.failsWith())) {
                System.err.println("[mxbridge-testkit] " + test + " fails on " + gap.on().id() + " as known ("
                        + gap.because() + "): " + failure.getMessage().strip());
                return;
            }
            failure.addSuppressed(new AssertionError("known to fail on " + gap.on().id() + " with \""
                    + gap.failsWith() + "\" (" + gap.because() + "), but it failed otherwise"));
            throw failure;
        }
        throw new AssertionError(test + " passes on " + gap.on().id() + " now: remove its @HomeserverGap (it said: "
                + gap.because() + ")");
    }
}
