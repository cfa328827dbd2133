# syntax=docker/dockerfile:1.7
#
# Agentry server image:  docker build -t agentry .
#
# One image for every role (AGENTRY_ROLE=all|api|worker). The runtime stage holds the extracted (layered)
# jar, so a new build ships only the layers that changed, and a JDK AOT cache made by a training run at build
# time, so a container starts in a fraction of the plain jar's time (BENCHMARKS.md, "Cold start"). The
# extraction and the training run are deploy/app-image.sh, the same script the cold-start benchmark runs.
# The AOT cache is tied to the runtime stage's JDK: both stages of the runtime use JRE_IMAGE.

ARG JDK_IMAGE=eclipse-temurin:25-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:25-jre-noble

# --- build: the Maven wrapper, as in development -------------------------------------------------------
FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY tool-api/pom.xml tool-api/
COPY core/pom.xml core/
COPY server/pom.xml server/
COPY bench/pom.xml bench/
COPY tool-api/src/ tool-api/src/
COPY core/src/ core/src/
COPY server/src/ server/src/
# The cache mount keeps the Maven distribution and the dependencies between builds.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q -DskipTests -pl server -am package

# --- layers: split the jar into dependencies / loader / snapshots / application --------------------------
FROM ${JRE_IMAGE} AS layers
COPY --chmod=755 deploy/app-image.sh /usr/local/bin/app-image.sh
COPY --from=build /src/server/target/agentry.jar /tmp/agentry.jar
RUN app-image.sh extract /tmp/agentry.jar /layers

# --- runtime ---------------------------------------------------------------------------------------------
FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 agentry \
    && useradd --system --uid 10001 --gid agentry --home-dir /app --no-create-home --shell /usr/sbin/nologin agentry
WORKDIR /app
# Least to most often changed: a code change rebuilds only the last layer (and the AOT cache).
COPY --from=layers /layers/dependencies/ ./
COPY --from=layers /layers/spring-boot-loader/ ./
COPY --from=layers /layers/snapshot-dependencies/ ./
COPY --from=layers /layers/application/ ./
COPY --chmod=755 deploy/app-image.sh deploy/healthcheck.sh /usr/local/bin/
# The training run writes /app/app.aot; the embedded (H2) store of a container without AGENTRY_DATABASE_URL
# lives in /app/data, the only directory the server may write to.
RUN app-image.sh train /app \
    && mkdir /app/data && chown agentry:agentry /app/data
USER 10001:10001
ENV PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["healthcheck.sh", "/health/live"]
# MaxRAMPercentage sizes the heap from the container's memory limit. Extra JVM options go in
# JAVA_TOOL_OPTIONS; a collector without compressed oops (ZGC) disables the AOT cache (the JVM says so).
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-XX:MaxRAMPercentage=75", "-jar", "agentry.jar"]
