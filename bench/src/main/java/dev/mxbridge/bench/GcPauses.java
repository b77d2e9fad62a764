package dev.mxbridge.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The stop-the-world collections of this JVM since the last {@link #takeSummary()}: how many and the longest (whole
 * milliseconds, as the JVM reports them). ZGC's concurrent "Cycles" collectors stop nothing and are left out.
 */
final class GcPauses {
    private int count;
    private long maxMillis;
    private long totalMillis;

    private GcPauses() {
    }

    static GcPauses install() {
        GcPauses pauses = new GcPauses();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc.getName().contains("Cycles")) {
                continue;
            }
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    pauses.add(info.getGcInfo().getDuration());
                }
            }, null, null);
        }
        return pauses;
    }

    private synchronized void add(long millis) {
        count++;
        totalMillis += millis;
        maxMillis = Math.max(maxMillis, millis);
    }

    /** {@code "COUNT TOTAL_MS MAX_MS"} since the last call, and starts counting afresh. */
    synchronized String takeSummary() {
        String summary = count + " " + totalMillis + " " + maxMillis;
        count = 0;
        totalMillis = 0;
        maxMillis = 0;
        return summary;
    }
}
