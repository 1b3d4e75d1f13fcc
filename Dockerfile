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
RUN mkdir -p /app/data && chown loopkeeper:loopkeeper /app/data
USER loopkeeper
ENV LOOPKEEPER_DB=/app/data/loopkeeper.db
VOLUME ["/app/data"]
# DISCORD_TOKEN comes from the environment: docker run --env-file .env -v loopkeeper-data:/app/data loopkeeper
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/loopkeeper.jar"]
