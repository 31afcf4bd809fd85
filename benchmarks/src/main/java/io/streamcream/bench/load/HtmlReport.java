package io.streamcream.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the suite's self-contained HTML report: inline SVG charts generated here, no scripts, no downloads. */
final class HtmlReport {

    /**
     * A target of the API document.
     *
     * @param what     the requirement as the document states it
     * @param measured what was measured
     * @param pass     whether it is met
     */
    record Target(String what, String measured, boolean pass) {
    }

    private static final double[] PERCENTILES = {0, 50, 75, 90, 95, 99, 99.9, 100};

    private HtmlReport() {
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static double nines(double percentile) {
        return percentile >= 100 ? 3.3 : Math.min(3.0, -Math.log10(1 - percentile / 100));
    }

    /** Latency by percentile on a "nines" axis, with the target as a dashed line. */
    static String percentileChart(LatencyStats stats, Double targetMs) {
        int w = 420;
        int h = 170;
        int left = 50;
        int bottom = 25;
        double max = stats.millis(100);
        if (targetMs != null) {
            max = Math.max(max, targetMs);
        }
        max = max <= 0 || Double.isNaN(max) ? 1 : max * 1.1;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" class=\"chart\">", w, h, w, h));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"5\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", left, left, h - bottom));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>", left, h - bottom, w - 5, h - bottom));
        StringBuilder points = new StringBuilder();
        for (double p : PERCENTILES) {
            double x = left + nines(p) / 3.3 * (w - left - 10);
            double y = (h - bottom) - stats.millis(p) / max * (h - bottom - 10);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"#1f6feb\"><title>p%s: %.2f ms</title></circle>",
                    x, y, label(p), stats.millis(p)));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">p%s</text>", x, h - 10, label(p)));
        }
        svg.append("<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"").append(points).append("\"/>");
        if (targetMs != null) {
            double y = (h - bottom) - targetMs / max * (h - bottom - 10);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d1242f\" stroke-dasharray=\"4 3\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"9\" fill=\"#d1242f\">target %.0f ms</text>", left, y, w - 5, y, left + 4, y - 3, targetMs));
        }
        for (int i = 0; i <= 4; i++) {
            double value = max * i / 4;
            double y = (h - bottom) - value / max * (h - bottom - 10);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\">%s</text>", left - 4, y + 3, ms(value)));
        }
        return svg.append("</svg>").toString();
    }

    private static String label(double p) {
        return p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p);
    }

    private static String ms(double value) {
        return value >= 1000 ? String.format(Locale.ROOT, "%.1fs", value / 1000) : String.format(Locale.ROOT, "%.0f", value);
    }

    /** Completed requests and errors per second over the whole run, with the phases marked. */
    static String throughputChart(List<Recorder.Sample> samples, List<String[]> phases) {
        long end = samples.stream().mapToLong(s -> s.startMillis() + s.nanos() / 1_000_000).max().orElse(1000);
        int seconds = (int) (end / 1000) + 1;
        int[] done = new int[seconds];
        int[] errors = new int[seconds];
        for (Recorder.Sample sample : samples) {
            int bin = (int) ((sample.startMillis() + sample.nanos() / 1_000_000) / 1000);
            done[bin]++;
            if (!sample.ok()) {
                errors[bin]++;
            }
        }
        int peak = 1;
        for (int value : done) {
            peak = Math.max(peak, value);
        }
        int w = 1000;
        int h = 260;
        int left = 55;
        int bottom = 30;
        double dx = (double) (w - left - 10) / seconds;
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" class=\"chart\">", w, h, w, h));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"5\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/><line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>",
                left, left, h - bottom, left, h - bottom, w - 5, h - bottom));
        for (String[] phase : phases) {
            double x = left + Long.parseLong(phase[1]) / 1000.0 * dx;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"5\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ccc\" stroke-dasharray=\"2 2\"/>"
                    + "<text x=\"%.1f\" y=\"14\" font-size=\"9\" transform=\"rotate(0)\">%s</text>", x, x, h - bottom, x + 2, escape(phase[0])));
        }
        StringBuilder ok = new StringBuilder();
        StringBuilder bad = new StringBuilder();
        for (int i = 0; i < seconds; i++) {
            double x = left + (i + 0.5) * dx;
            ok.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, (h - bottom) - (double) done[i] / peak * (h - bottom - 20)));
            bad.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, (h - bottom) - (double) errors[i] / peak * (h - bottom - 20)));
        }
        svg.append("<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"1.5\" points=\"").append(ok).append("\"/>");
        svg.append("<polyline fill=\"none\" stroke=\"#d1242f\" stroke-width=\"1.5\" points=\"").append(bad).append("\"/>");
        for (int i = 0; i <= 4; i++) {
            int value = peak * i / 4;
            double y = (h - bottom) - (double) value / peak * (h - bottom - 20);
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"9\" text-anchor=\"end\">%d/s</text>", left - 4, y + 3, value));
        }
        for (int s = 0; s < seconds; s += Math.max(1, seconds / 10)) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">%ds</text>", left + s * dx, h - 12, s));
        }
        return svg.append("</svg>").toString();
    }

    static void write(Path dir, String title, Map<String, String> facts, List<Target> targets, Recorder recorder,
                      Map<String, Double> routeTargets, List<String[]> faults, List<String[]> security) throws IOException {
        Files.createDirectories(dir);
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title><style>body{font:14px system-ui,sans-serif;margin:24px;color:#1f2328}"
                        + "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:right}"
                        + "th{background:#f6f8fa}td:first-child,th:first-child{text-align:left}.pass{color:#1a7f37;font-weight:600}"
                        + ".fail{color:#d1242f;font-weight:600}.chart{background:#fff;border:1px solid #eee;margin:4px}"
                        + ".grid{display:flex;flex-wrap:wrap}.card{margin:6px}.card h4{margin:4px 0;font-size:12px}</style></head><body>");
        html.append("<h1>").append(escape(title)).append("</h1><table>");
        facts.forEach((k, v) -> html.append("<tr><td>").append(escape(k)).append("</td><td style=\"text-align:left\">").append(escape(v)).append("</td></tr>"));
        html.append("</table><h2>Targets of the API document (§3.2, §6.1)</h2><table><tr><th>target</th><th>measured</th><th>result</th></tr>");
        for (Target target : targets) {
            html.append("<tr><td>").append(escape(target.what())).append("</td><td>").append(escape(target.measured()))
                    .append("</td><td class=\"").append(target.pass() ? "pass\">PASS" : "fail\">FAIL").append("</td></tr>");
        }
        html.append("</table><h2>Throughput over time</h2><p>Completed requests per second (blue) and errors per second (red); dashed lines mark the scenarios.</p>");
        html.append(throughputChart(recorder.samples(), recorder.phases()));
        Map<String, LatencyStats> stats = recorder.byRoute();
        Map<String, Map<Integer, Integer>> statuses = recorder.statuses();
        html.append("<h2>Routes</h2><table><tr><th>route</th><th>requests</th><th>errors</th><th>req/s</th><th>mean ms</th><th>p50</th>"
                + "<th>p90</th><th>p95</th><th>p99</th><th>max</th><th>statuses</th></tr>");
        for (LatencyStats s : stats.values()) {
            html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%.1f</td>"
                    + "<td>%.1f</td><td>%.1f</td><td>%.1f</td><td style=\"text-align:left\">%s</td></tr>", escape(s.name()), s.requests(), s.errors(),
                    s.throughput(), mean(s), s.millis(50), s.millis(90), s.millis(95), s.millis(99), s.millis(100), statuses.get(s.name())));
        }
        html.append("</table><h2>Latency percentiles per route</h2><div class=\"grid\">");
        for (LatencyStats s : stats.values()) {
            html.append("<div class=\"card\"><h4>").append(escape(s.name())).append("</h4>")
                    .append(percentileChart(s, routeTargets.get(s.name()))).append("</div>");
        }
        html.append("</div><h2>Faults</h2><table><tr><th>fault</th><th>observed</th><th>result</th></tr>");
        for (String[] row : faults) {
            html.append("<tr><td>").append(escape(row[0])).append("</td><td style=\"text-align:left\">").append(escape(row[1]))
                    .append("</td><td class=\"").append("PASS".equals(row[2]) ? "pass" : "fail").append("\">").append(row[2]).append("</td></tr>");
        }
        html.append("</table><h2>Security and fast fault checks (module security-tests)</h2><table><tr><th>class</th><th>tests</th>"
                + "<th>failures</th><th>errors</th><th>seconds</th></tr>");
        for (String[] row : security) {
            html.append("<tr><td>").append(escape(row[0])).append("</td><td>").append(row[1]).append("</td><td>").append(row[2])
                    .append("</td><td>").append(row[3]).append("</td><td>").append(row[4]).append("</td></tr>");
        }
        html.append("</table></body></html>\n");
        Files.writeString(dir.resolve("index.html"), html, StandardCharsets.UTF_8);
    }

    static double mean(LatencyStats stats) {
        long sum = 0;
        for (long nanos : stats.latencyNanos()) {
            sum += nanos;
        }
        return stats.latencyNanos().length == 0 ? Double.NaN : sum / 1e6 / stats.latencyNanos().length;
    }
}
