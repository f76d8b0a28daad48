# One image per service, built from the service's packaged jar: ./mvnw -DskipTests package first.
FROM eclipse-temurin:17-jre
ARG SERVICE
# the JVM's heap and collector; scheduler-service is built with its own (docker-compose.yml, decision 17)
ARG JVM_OPTIONS="-Xms64m -Xmx192m -XX:+UseSerialGC"
COPY ${SERVICE}/target/${SERVICE}.jar /app/service.jar
ENV JAVA_TOOL_OPTIONS="${JVM_OPTIONS}"
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
