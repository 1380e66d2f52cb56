# syntax=docker/dockerfile:1
# Multi-stage: build the web client and the server with Maven (as `mvn package` does everywhere),
# then run the jar on a JRE as a non-root user.

FROM maven:3.9-eclipse-temurin-17 AS build
# Node.js 20 for the web client's build (the Maven build runs npm ci, the type check and vite build).
COPY --from=node:20-bookworm-slim /usr/local/bin/node /usr/local/bin/node
COPY --from=node:20-bookworm-slim /usr/local/lib/node_modules /usr/local/lib/node_modules
RUN ln -s /usr/local/lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm
WORKDIR /src
COPY pom.xml ./
COPY server/pom.xml server/
COPY web-client/pom.xml web-client/
RUN mvn -B -q -DskipTests dependency:go-offline -pl server -am || true
COPY . .
RUN mvn -B -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 werkplaats \
 && useradd --system --uid 10001 --gid werkplaats --home /var/lib/werkplaats --create-home werkplaats
WORKDIR /app
COPY --from=build /src/server/target/werkplaats.jar /app/werkplaats.jar
ENV WERKPLAATS_DATA_DIR=/var/lib/werkplaats \
    WERKPLAATS_HOST=0.0.0.0 \
    WERKPLAATS_PORT=8080
VOLUME /var/lib/werkplaats
EXPOSE 8080 5701
USER werkplaats
HEALTHCHECK --interval=15s --timeout=5s --start-period=40s --retries=3 \
  CMD ["java", "-cp", "/app/werkplaats.jar", "nl.werkplaats.HealthCheck"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/werkplaats.jar"]
