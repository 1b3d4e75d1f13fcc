# Build stage: the same Maven build a developer runs.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY config config
COPY src src
RUN mvn -B -q package -DskipTests

# Run stage: a JRE, a non-root user, and a volume for the SQLite database.
FROM eclipse-temurin:17-jre
# /tree draws with Java2D: fontconfig and a sans-serif font (Temurin's image has fontconfig; this makes the font sure).
RUN apt-get update \
    && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --system --uid 10001 --create-home --home-dir /app loopkeeper
WORKDIR /app
COPY --from=build /src/target/loopkeeper.jar /app/loopkeeper.jar
COPY config /app/config
# Class-data sharing: one start at build time archives every class it loads (the console opens the database, the model
# and the concept map, then ends with its input), and each start of the container maps that archive instead of reading
# and verifying those classes again: about a second less to start (docs/BENCHMARKS.md).
# The same start copies the model and ONNX Runtime's native libraries out of the jar where the loopkeeper user (home
# /app) looks for them, so a container's start does not inflate them again.
RUN LOOPKEEPER_DB=/tmp/cds/loopkeeper.db java -XX:ArchiveClassesAtExit=/app/loopkeeper.jsa \
        -Dloopkeeper.cache.dir=/app/.cache/loopkeeper \
        -jar /app/loopkeeper.jar console < /dev/null > /dev/null \
    && rm -rf /tmp/cds && chown -R loopkeeper:loopkeeper /app/.cache
RUN mkdir -p /app/data && chown loopkeeper:loopkeeper /app/data
USER loopkeeper
ENV LOOPKEEPER_DB=/app/data/loopkeeper.db
VOLUME ["/app/data"]
# DISCORD_TOKEN comes from the environment: docker run --env-file .env -v loopkeeper-data:/app/data loopkeeper
# Memory, sized on purpose (docs/BENCHMARKS.md, "Memory and start-up"): a 176 MB heap holds the relevance index
# (LOOPKEEPER_INDEX_MB, 80 by default) and the concept map; the serial collector suits a heap this small on one or two
# cores; two malloc arenas instead of one per thread for the model's and SQLite's native memory. Raise -Xmx and LOOPKEEPER_INDEX_MB together for a server with a very large shared lot.
ENV MALLOC_ARENA_MAX=2
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/loopkeeper.jsa", "-Xmx176m", "-XX:+UseSerialGC", \
            "-jar", "/app/loopkeeper.jar"]
