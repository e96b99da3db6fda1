package org.issueledger.query;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Makes the audit trail refuse one event of one issue, as a read model with a bug or a violated rule would: a
 * trigger on {@code audit_entry} raises a check violation for that issue's sequence. Closing it removes the trigger.
 */
public final class AuditRefusal implements AutoCloseable {

    private final JdbcClient jdbc;
    private final String name;

    private AuditRefusal(JdbcClient jdbc, String name) {
        this.jdbc = jdbc;
        this.name = name;
    }

    public static AuditRefusal of(JdbcClient jdbc, UUID issueId, long sequence) {
        String name = "refuse_" + issueId.toString().replace("-", "") + "_" + sequence;
        jdbc.sql("""
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.issue_id = '%2$s' AND NEW.sequence = %3$d THEN
                        RAISE EXCEPTION 'audit refuses sequence %3$d of %2$s' USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                END $$
                """.formatted(name, issueId, sequence)).update();
        jdbc.sql("CREATE TRIGGER %1$s BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION %1$s()"
                .formatted(name)).update();
        return new AuditRefusal(jdbc, name);
    }

    @Override
    public void close() {
        jdbc.sql("DROP TRIGGER %1$s ON audit_entry".formatted(name)).update();
        jdbc.sql("DROP FUNCTION %1$s()".formatted(name)).update();
    }
}
