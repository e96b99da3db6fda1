package org.issueledger.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Keeps the embedded servers' chatter (Kafka logs every partition and config at INFO) out of test output. */
final class InfraLogging {

    private static final List<String> SERVER_LOGGERS =
            List.of("kafka", "org.apache.kafka", "state.change.logger", "io.zonky");

    private InfraLogging() {}

    /**
     * Turns the servers' loggers down to WARN where the application has not set a level of its own.
     * Only with Logback; Spring Boot tests keep these levels unless {@code logging.level.*} overrides them.
     */
    static void quietServers() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            for (String name : SERVER_LOGGERS) {
                ch.qos.logback.classic.Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(Level.WARN);
                }
            }
        }
    }
}
