package io.agentry.server.startup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * JDK homes of any version for the scripts that look for one (.mvn/find-jdk.sh): a {@code release} file and
 * {@code bin/java} (and {@code bin/javac}) scripts that print {@code <name> <arguments>} on standard output, so a test
 * can tell which one a script ran, with what. The finder only reads {@code release} (or, without one, the first line
 * of {@code java -version}); no real JVM of every version is needed.
 */
final class FakeJdks {

    private FakeJdks() {
    }

    /** A JDK {@code version} at {@code home}, its {@code java} printing {@code java <arguments>}. */
    static Path jdk(Path home, String version) {
        write(home.resolve("release"), "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"" + version + "\"\n");
        script(home.resolve("bin/java"), "echo \"java $*\"");
        script(home.resolve("bin/javac"), "echo \"javac $*\"");
        return home;
    }

    /** A runtime without javac. */
    static Path jre(Path home, String version) {
        write(home.resolve("release"), "JAVA_VERSION=\"" + version + "\"\n");
        script(home.resolve("bin/java"), "echo \"java $*\"");
        return home;
    }

    /** A JDK without a release file, whose {@code java -version} says {@code version} as OpenJDK's does. */
    static Path jdkWithoutReleaseFile(Path home, String version) {
        script(home.resolve("bin/java"), "[ \"$1\" = -version ] && { echo 'openjdk version \"" + version
                + "\" 2026-01-20' >&2; exit 0; }\necho \"java $*\"");
        script(home.resolve("bin/javac"), "echo \"javac $*\"");
        return home;
    }

    static void script(Path file, String body) {
        write(file, "#!/bin/sh\n" + body + "\n");
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The path as the scripts print it: symbolic links resolved. */
    static String real(Path path) {
        try {
            return path.toRealPath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
