package org.jobplatform.benchmarks.drain;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

import org.jobplatform.localstack.Service;

/**
 * What each JVM of the drain spent over it: the just-in-time compiler's time and the process's CPU, in milliseconds.
 * The services' figures come from their {@code /actuator/prometheus} ({@code jvm_compilation_time_ms_total},
 * {@code process_cpu_time_ns_total}), this JVM's (the robots and the embedded broker) from its own management beans.
 * The compiler's time is what the JVM reports: the elapsed time of its compilations added up over its compiler
 * threads, so on busy cores it is more than the CPU they used.
 *
 * @param compilingMillis per JVM, the compiler's time
 * @param cpuMillis       per JVM, the CPU used
 */
public record JvmWork(Map<String, Long> compilingMillis, Map<String, Long> cpuMillis) {

    /** The name this JVM's figures go by. */
    static final String THIS_JVM = "robots and broker";
    private static final String COMPILATION_METRIC = "jvm_compilation_time_ms_total";
    private static final String CPU_METRIC = "process_cpu_time_ns_total";

    /**
     * Reads every JVM's counters now; a service that does not answer is left out.
     *
     * @param http     the client to ask the services with
     * @param services the services to ask
     */
    static JvmWork read(HttpClient http, List<Service> services) {
        Map<String, Long> compiling = new LinkedHashMap<>();
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (Service service : services) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + "/actuator/prometheus")).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    sum(answer.body(), COMPILATION_METRIC).ifPresent(ms -> compiling.put(service.moduleName(),
                            Math.round(ms)));
                    sum(answer.body(), CPU_METRIC).ifPresent(ns -> cpu.put(service.moduleName(),
                            Math.round(ns / 1e6)));
                }
            } catch (Exception e) {
                // left out: the figures are printed for the JVMs that answered
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        compiling.put(THIS_JVM, ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu.put(THIS_JVM, os.getProcessCpuTime() / 1_000_000);
        }
        return new JvmWork(compiling, cpu);
    }

    /**
     * The sum of a counter's samples (every label set) in a Prometheus text exposition, if it has any.
     *
     * @param exposition the text
     * @param metric     the sample name, such as {@code process_cpu_time_ns_total}
     */
    static OptionalDouble sum(String exposition, String metric) {
        double total = 0;
        boolean found = false;
        for (String line : exposition.split("\\R")) {
            if (!line.startsWith(metric) || line.length() == metric.length()) {
                continue;
            }
            char next = line.charAt(metric.length());
            if (next != '{' && next != ' ') {
                // another metric whose name starts with this one
                continue;
            }
            String value = line.substring(line.lastIndexOf(' ') + 1);
            try {
                total += Double.parseDouble(value);
                found = true;
            } catch (NumberFormatException e) {
                // not a sample line
            }
        }
        return found ? OptionalDouble.of(total) : OptionalDouble.empty();
    }

    /** What was spent from {@code before} to this reading, for the JVMs read both times. */
    JvmWork since(JvmWork before) {
        return new JvmWork(minus(compilingMillis, before.compilingMillis), minus(cpuMillis, before.cpuMillis));
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> spent = new LinkedHashMap<>();
        after.forEach((jvm, value) -> {
            Long earlier = before.get(jvm);
            if (earlier != null) {
                spent.put(jvm, value - earlier);
            }
        });
        return spent;
    }

    /** One line: per JVM, the compiler's time and the CPU, such as {@code job-service 310 / 1,620}. */
    String describe() {
        return cpuMillis.keySet().stream().filter(compilingMillis::containsKey)
                .map(jvm -> String.format(Locale.ROOT, "%s %,d / %,d", jvm, compilingMillis.get(jvm),
                        cpuMillis.get(jvm)))
                .collect(Collectors.joining(", "));
    }
}
