package org.jobplatform.agent;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The file {@code robots.json} in a data directory: the robots registered by an earlier run, with their secrets,
 * since the gateway shows a secret only once. It names its gateway, so a directory is not reused against another
 * gateway whose registry does not know these robots. Written to a temporary file and moved, readable by its owner
 * only where the file system allows.
 */
final class SavedRobots {

    static final String FILE = "robots.json";

    /**
     * One saved robot.
     *
     * @param name        its name in the tenant
     * @param credentials its id and secret
     */
    record Saved(String name, RobotCredentials credentials) {
    }

    private SavedRobots() {
    }

    static List<Saved> read(Path dataDir, String gateway, JsonMapper json) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            JsonNode root = json.readTree(Files.readString(file));
            String savedGateway = root.path("gateway").asString("");
            if (!savedGateway.equals(gateway)) {
                throw new RegistrationException(file + " holds robots of the gateway " + savedGateway + ", not of "
                        + gateway + ": use another data directory");
            }
            List<Saved> robots = new ArrayList<>();
            for (JsonNode robot : root.path("robots")) {
                robots.add(new Saved(robot.path("name").asString(""),
                        new RobotCredentials(robot.path("robotId").asString(""), robot.path("secret").asString(""))));
            }
            return robots;
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            throw new RegistrationException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void write(Path dataDir, String gateway, List<Saved> robots, JsonMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("gateway", gateway);
        ArrayNode array = root.putArray("robots");
        for (Saved robot : robots) {
            array.addObject()
                    .put("name", robot.name())
                    .put("robotId", robot.credentials().robotId())
                    .put("secret", robot.credentials().secret());
        }
        try {
            Files.createDirectories(dataDir);
            Path temp = dataDir.resolve(FILE + ".tmp");
            Files.writeString(temp, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException | FileSystemException e) {
                // not a POSIX file system: the directory's own protection applies
            }
            Files.move(temp, dataDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new RegistrationException("cannot write " + dataDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }
}
