package org.issueledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class TestInfraTest {

    private final TestInfra infra = TestInfra.get();

    @Test
    void everyCallReturnsTheSameServers() {
        assertThat(TestInfra.get()).isSameAs(infra);
        assertThat(infra.bootstrapServers()).isEqualTo("localhost:" + infra.kafka().port());
    }

    @Test
    void freshDatabaseIsNewAndEmptyEachTime() throws Exception {
        String first = infra.freshDatabase("QueryService-Test");
        String second = infra.freshDatabase("QueryService-Test");

        assertThat(first).isNotEqualTo(second).matches("jdbc:postgresql://localhost:\\d+/queryservice_test_\\d+");
        try (Connection connection = Clients.jdbc(first, infra.user(), infra.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void topicsAreOnlyCreatedExplicitlyWithThreePartitionsByDefault() throws Exception {
        try (Admin admin = Clients.admin(infra.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic("defaults", Optional.empty(), Optional.empty())))
                    .all().get();
            assertThat(Clients.described(admin, "defaults").partitions()).hasSize(3);

            assertThat(Clients.topics(infra.bootstrapServers())).doesNotContain("never-created");
            // A consumer asking for an unknown topic must not create it either.
            Clients.consumeNothing(infra.bootstrapServers(), "never-created");
            assertThatThrownBy(() -> admin.describeTopics(List.of("never-created")).allTopicNames().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        }
    }
}
