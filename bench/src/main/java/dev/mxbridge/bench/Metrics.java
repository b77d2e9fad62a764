package dev.mxbridge.bench;

import java.io.IOException;
import java.util.List;

/** One scrape of the bridge's {@code /metrics} (Prometheus text format). */
record Metrics(List<String> lines) {

    static Metrics read(HttpConnection http) throws IOException {
        var response = http.get("/metrics");
        if (response.status() != 200) {
            throw new IOException("/metrics answered " + response.status());
        }
        return new Metrics(response.text().lines().filter(l -> !l.startsWith("#")).toList());
    }

    /** The sum of the samples named {@code name} whose labels contain {@code labelFilter}; 0 if none. */
    double sum(String name, String labelFilter) {
        double total = 0;
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            String key = line.substring(0, space);
            int brace = key.indexOf('{');
            String metric = brace < 0 ? key : key.substring(0, brace);
            if (metric.equals(name) && (labelFilter.isEmpty() || key.contains(labelFilter))) {
                total += Double.parseDouble(line.substring(space + 1));
            }
        }
        return total;
    }
}
