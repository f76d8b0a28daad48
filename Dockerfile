# One image per service, built from the service's packaged jar: ./mvnw -DskipTests package first.
FROM eclipse-temurin:17-jre
ARG SERVICE
COPY ${SERVICE}/target/${SERVICE}.jar /app/service.jar
ENV JAVA_TOOL_OPTIONS="-Xms64m -Xmx192m -XX:+UseSerialGC"
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
