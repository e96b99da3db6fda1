package org.issueledger.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.issueledger.local.TestInfra;

/**
 * One command-service and one query-service as processes on the build's PostgreSQL (a fresh database each) and the
 * given broker and topic: the system most end-to-end tests need, started and stopped the same way everywhere.
 */
final class ServicePair implements AutoCloseable {

    private static final Duration START_WITHIN = Duration.ofSeconds(150);

    final ServiceProcess commandService;
    final ServiceProcess queryService;
    /** The command-service's database: its event store. */
    final String commandDatabaseUrl;

    private ServicePair(ServiceProcess commandService, ServiceProcess queryService, String commandDatabaseUrl) {
        this.commandService = commandService;
        this.queryService = queryService;
        this.commandDatabaseUrl = commandDatabaseUrl;
    }

    /**
     * @param name        prefix of the processes' log files and databases
     * @param commandEnv  more environment for the command-service (e.g. SLA targets), may be empty
     */
    static ServicePair start(String name, String bootstrapServers, String topic, Map<String, String> commandEnv)
            throws Exception {
        return start(name, bootstrapServers, topic, commandEnv, Map.of());
    }

    /** @param queryEnv more environment for the query-service (e.g. a database of its own), may be empty */
    static ServicePair start(String name, String bootstrapServers, String topic, Map<String, String> commandEnv,
                             Map<String, String> queryEnv) throws Exception {
        TestInfra infra = TestInfra.get();
        Map<String, String> common = E2eHttp.with(Map.of(),
                "DB_USER", infra.user(),
                "DB_PASSWORD", infra.password(),
                "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers,
                "ISSUE_EVENTS_TOPIC", topic,
                "AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        int commandPort = E2eHttp.freePort();
        int queryPort = E2eHttp.freePort();
        Map<String, String> command = new HashMap<>(common);
        command.putAll(commandEnv);
        command.put("COMMAND_PORT", String.valueOf(commandPort));
        String commandDatabaseUrl = infra.freshDatabase(name + "_command");
        command.put("COMMAND_DB_URL", commandDatabaseUrl);
        Map<String, String> query = new HashMap<>(common);
        query.put("QUERY_PORT", String.valueOf(queryPort));
        query.put("QUERY_DB_URL", queryEnv.containsKey("QUERY_DB_URL") ? queryEnv.get("QUERY_DB_URL")
                : infra.freshDatabase(name + "_query"));
        query.putAll(queryEnv);
        ServicePair pair = new ServicePair(new ServiceProcess(name + "-command-service", "e2e.commandJar", commandPort, command),
                new ServiceProcess(name + "-query-service", "e2e.queryJar", queryPort, query), commandDatabaseUrl);
        try {
            pair.commandService.start();
            pair.queryService.start();
            pair.commandService.awaitHealthy(START_WITHIN);
            pair.queryService.awaitHealthy(START_WITHIN);
            return pair;
        } catch (Exception e) {
            pair.close();
            throw e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            queryService.close();
        } finally {
            commandService.close();
        }
    }
}
