package io.agentry.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What {@link ColdStart} starts: the three ways of running the server jar, prepared in a working directory with
 * exactly the commands the Dockerfile runs ({@code deploy/app-image.sh assemble}: the extracted application and
 * its AOT cache), and the store the starts share (an H2 file, or a PostgreSQL database of their own with the
 * local Redis under a key prefix of their own, as a new api replica in the Compose and Kubernetes set-ups).
 */
final class ColdStartVariants {

    static final List<String> ALL = List.of("plain", "extracted", "aot");

    private ColdStartVariants() {
    }

    /** Copies the jar and assembles the image's application under {@code work}; takes a training run's time. */
    static void prepare(Path repository, Path jar, Path work) throws Exception {
        Path plain = work.resolve("plain");
        Files.createDirectories(plain);
        Files.copy(jar, plain.resolve("agentry.jar"), StandardCopyOption.REPLACE_EXISTING);
        run(List.of(repository.resolve("deploy/app-image.sh").toString(), "assemble", jar.toString(),
                work.resolve("app").toString()), work.resolve("app-image.log"));
    }

    /** The named variants ({@link #ALL} by default), as prepared under {@code work}. */
    static List<ColdStart.Variant> named(List<String> names, Path work) {
        Map<String, ColdStart.Variant> all = new LinkedHashMap<>();
        all.put("plain", new ColdStart.Variant("plain", work.resolve("plain"), List.of("-jar", "agentry.jar")));
        all.put("extracted", new ColdStart.Variant("extracted", work.resolve("app"), List.of("-jar", "agentry.jar")));
        // as in the image: from the application directory, since the cache records the class path as it saw it
        all.put("aot", new ColdStart.Variant("aot", work.resolve("app"),
                List.of("-XX:AOTCache=app.aot", "-jar", "agentry.jar")));
        List<ColdStart.Variant> variants = new ArrayList<>();
        for (String name : names) {
            ColdStart.Variant variant = all.get(name.trim());
            if (variant == null) {
                throw new IllegalArgumentException("unknown variant " + name + "; known: " + all.keySet());
            }
            variants.add(variant);
        }
        return variants;
    }

    /** The embedded store: one H2 file under {@code work}, shared by every start (role all, the default). */
    static List<String> embeddedStore(Path work) {
        return List.of("--spring.datasource.url=jdbc:h2:file:" + work.toAbsolutePath().resolve("h2").resolve("agentry")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_ON_EXIT=FALSE");
    }

    /** A new PostgreSQL database on the local server; {@link #dropDatabase} removes it. */
    static String createDatabase() throws Exception {
        String database = "agentry_cold_start_" + UUID.randomUUID().toString().substring(0, 8);
        psql("create database " + database);
        return database;
    }

    static void dropDatabase(String database) throws Exception {
        psql("drop database if exists " + database + " with (force)");
    }

    /** An api replica of the distributed set-up on {@code database} and the given Redis. */
    static List<String> apiReplica(String database, String redisUrl) {
        return List.of("--agentry.role=api", "--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + database,
                "--spring.datasource.username=postgres", "--agentry.redis.url=" + redisUrl,
                "--agentry.redis.key-prefix=cold-start-" + UUID.randomUUID() + ":");
    }

    private static void psql(String sql) throws Exception {
        run(List.of("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-q", "-c", sql),
                null);
    }

    private static void run(List<String> command, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        // app-image.sh trains the AOT cache with $JAVA_HOME's java: the JDK the starts use, or they ignore the cache
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (log != null) {
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
        } else {
            // stdout carries the load generator's JSON result: psql's complaints go to stderr
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit
                    + (log == null ? "" : "; see " + log));
        }
    }
}
