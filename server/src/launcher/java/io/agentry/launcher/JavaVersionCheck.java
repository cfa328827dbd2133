package io.agentry.launcher;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.util.jar.JarFile;

/**
 * The executable jar's {@code Main-Class}: on a Java runtime older than the one Agentry is built for, says so in
 * one line on standard error and exits with status 1, instead of the JVM's {@code UnsupportedClassVersionError}
 * and its stack trace; on a runtime new enough, hands over to Spring Boot's launcher, which the jar's manifest
 * would otherwise name ({@code Start-Class} and everything else are left to it).
 *
 * <p>Compiled for Java 8 (class file version 52), so that any runtime still in use can load it, and kept apart from
 * the application's code (its own source root, written into the jar after Spring Boot has repackaged it: see
 * server/pom.xml). The release needed is the manifest's {@code Agentry-Java-Release}, the project's
 * {@code java.version}.
 */
public final class JavaVersionCheck {

    static final String SPRING_BOOT_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";
    static final String RELEASE_ATTRIBUTE = "Agentry-Java-Release";

    private JavaVersionCheck() {
    }

    public static void main(String[] args) throws Throwable {
        int needed = neededRelease();
        int running = feature(System.getProperty("java.specification.version"));
        if (running < needed) {
            System.err.println("Agentry needs Java " + needed + " or newer; this is Java " + System.getProperty("java.version")
                    + " (" + System.getProperty("java.home") + "). Run the jar with a Java " + needed
                    + " runtime: /path/to/jdk-" + needed + "/bin/java -jar " + jarPath());
            System.exit(1);
        }
        try {
            Class.forName(SPRING_BOOT_LAUNCHER).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** "1.8" is 8, "17" is 17. */
    static int feature(String specificationVersion) {
        String version = specificationVersion.startsWith("1.") ? specificationVersion.substring(2) : specificationVersion;
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(version.substring(0, end));
    }

    private static int neededRelease() throws Exception {
        try (JarFile jar = new JarFile(jar())) {
            return Integer.parseInt(jar.getManifest().getMainAttributes().getValue(RELEASE_ATTRIBUTE).trim());
        }
    }

    private static File jar() throws Exception {
        return new File(JavaVersionCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String jarPath() {
        try {
            return jar().getPath();
        } catch (Exception e) {
            return "agentry.jar";
        }
    }
}
