package org.jobplatform.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The command-line options of the local stack.
 *
 * @param dataDir  absolute folder holding Kafka and PostgreSQL data and the service logs
 * @param wipe     whether to delete the data folder before starting
 * @param services the services to start, in start order
 * @param help     whether only the usage text was asked for
 * @param demo     whether to start a small robot fleet and a trickle of jobs once the services are ready
 */
public record StackOptions(Path dataDir, boolean wipe, List<Service> services, boolean help, boolean demo) {

    /** Name of the data folder used when {@code --data-dir} is not given. */
    public static final String DEFAULT_DATA_DIR = ".stack-data";

    /** Usage text printed for {@code --help} and after an invalid argument. */
    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage: stack [--build] [--data-dir=PATH] [--wipe] [--services=NAME,...] [--demo]",
            "  --build           rebuild the project before starting (handled by the stack script)",
            "  --data-dir=PATH   folder for Kafka and PostgreSQL data and the service logs (default: "
                    + DEFAULT_DATA_DIR + ")",
            "  --wipe            delete the data folder first and start from scratch",
            "  --services=LIST   services to start (default: all): " + Service.names(),
            "  --demo            also run robots for acme and globex and create jobs, to watch a drain",
            "  --help            print this text");

    /** Keeps the service list unmodifiable. */
    public StackOptions {
        services = List.copyOf(services);
    }

    /**
     * Parses the arguments, resolving a relative data folder against {@code workingDir}.
     *
     * @param args       the command-line arguments
     * @param workingDir the current directory
     * @return the parsed options
     * @throws IllegalArgumentException for an unknown flag, an empty value or an unknown service
     */
    public static StackOptions parse(String[] args, Path workingDir) {
        Path dataDir = workingDir.resolve(DEFAULT_DATA_DIR);
        boolean wipe = false;
        boolean help = false;
        boolean demo = false;
        List<Service> services = List.of(Service.values());
        for (String arg : args) {
            if (arg.startsWith("--data-dir=")) {
                String value = requireValue(arg, "--data-dir=");
                dataDir = workingDir.resolve(value);
            } else if (arg.equals("--wipe")) {
                wipe = true;
            } else if (arg.startsWith("--services=")) {
                services = parseServices(requireValue(arg, "--services="));
            } else if (arg.equals("--demo")) {
                demo = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
            } else {
                throw new IllegalArgumentException("Unknown argument '" + arg + "'");
            }
        }
        if (demo && !(services.contains(Service.JOB_SERVICE) && services.contains(Service.ROBOT_GATEWAY))) {
            throw new IllegalArgumentException("--demo needs job-service and robot-gateway among the services");
        }
        return new StackOptions(dataDir.toAbsolutePath().normalize(), wipe, services, help, demo);
    }

    private static String requireValue(String arg, String prefix) {
        String value = arg.substring(prefix.length()).trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException("Missing value in '" + arg + "'");
        }
        return value;
    }

    private static List<Service> parseServices(String value) {
        Set<Service> chosen = EnumSet.noneOf(Service.class);
        for (String name : value.split(",")) {
            if (!name.isBlank()) {
                chosen.add(Service.fromName(name));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("--services needs at least one of " + Service.names());
        }
        return new ArrayList<>(chosen);
    }
}
