package dev.mxbridge.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The largest heap use of this JVM. Heap use peaks just before a collection, so each collection's "before" figure
 * (summed over the heap pools) is a peak; summing each pool's own peak instead would add maxima of different moments.
 */
final class HeapPeak {
    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).toList();
    private final Set<String> heapPoolNames = heapPools.stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final AtomicLong peak = new AtomicLong();

    private HeapPeak() {
    }

    static HeapPeak install() {
        HeapPeak heapPeak = new HeapPeak();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    heapPeak.record(info.getGcInfo().getMemoryUsageBeforeGc().entrySet().stream()
                            .filter(e -> heapPeak.heapPoolNames.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed()).sum());
                }
            }, null, null);
        }
        return heapPeak;
    }

    private void record(long used) {
        peak.accumulateAndGet(used, Math::max);
    }

    double bytes() {
        record(heapPools.stream().map(MemoryPoolMXBean::getUsage).mapToLong(MemoryUsage::getUsed).sum());
        return peak.get();
    }

    /** {@link #bytes()}, and starts a new peak from the heap used now: the peak of one phase of a run. */
    double bytesAndReset() {
        double bytes = bytes();
        peak.set(heapPools.stream().map(MemoryPoolMXBean::getUsage).mapToLong(MemoryUsage::getUsed).sum());
        return bytes;
    }
}
