package org.issueledger.query.consuming;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An operator's answer to a dead letter: retry it (apply it now, then the records of its issue that wait behind
 * it, in order) or discard it (record that, then apply the waiting ones). Each runs in one transaction with the
 * read models' per-issue guards, exactly as the consumer would have applied the records.
 *
 * <p>When a waiting record is refused in turn, the ones before it stay applied, it becomes the issue's new dead
 * letter, and the rest wait behind it: the issue's order is kept whatever happens.
 */
@Component
public class DeadLetterResolution {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterResolution.class);

    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final EnvelopeReader reader;
    private final BatchApplier batches;
    private final ReadModelLock lock;
    private final Replays replays;

    DeadLetterResolution(TransactionTemplate transaction, JdbcClient jdbc, EnvelopeReader reader,
                         BatchApplier batches, ReadModelLock lock, Replays replays) {
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.reader = reader;
        this.batches = batches;
        this.lock = lock;
        this.replays = replays;
    }

    /** What became of a dead letter an operator acted on. */
    public enum Result {
        /** Applied, and every record that waited behind it too (see {@link Outcome#blockedBy}). */
        RETRIED,
        /** Given up on; the records behind it were applied (see {@link Outcome#blockedBy}). */
        DISCARDED,
        /** The retry was refused again: it stays, with the new reason; nothing was applied. */
        STILL_REFUSED,
        /** No dead letter has this id. */
        UNKNOWN,
        /** It is not an unresolved dead letter (waits behind another, or was resolved already). */
        NOT_DEAD,
        /** A rebuild is replaying the log (see {@link Replays}); nothing was applied, try again once it swapped. */
        REBUILD_RUNNING
    }

    /**
     * @param state     the dead letter's state now
     * @param released  how many records that waited behind it were applied
     * @param blockedBy a record that waited behind it, refused in its turn: now the issue's dead letter
     * @param error     why the retry or {@code blockedBy} was refused
     * @param head      for {@link Result#NOT_DEAD} of a waiting record: the dead letter it waits behind
     */
    public record Outcome(Result result, long id, String state, int released, Long blockedBy, String error,
                          Long head) {
    }

    public Outcome retry(long id) {
        return resolve(id, true);
    }

    public Outcome discard(long id) {
        return resolve(id, false);
    }

    private Outcome resolve(long id, boolean retry) {
        AtomicInteger reached = new AtomicInteger(-1);
        try {
            return transaction.execute(status -> attempt(id, retry, Integer.MAX_VALUE, null, reached));
        } catch (RuntimeException e) {
            if (!RecordFaults.causedByTheRecord(e) || reached.get() < 0) {
                throw e;
            }
            // The transaction is aborted; redo what came before the refused record and set that one aside.
            String reason = e instanceof Refused ? e.getMessage() : "rejected by a read model: " + e.getMessage();
            log.warn("Dead letter #{}: record {} of its queue refused again: {}", id, reached.get(), reason);
            return transaction.execute(status -> attempt(id, retry, reached.get(), reason, new AtomicInteger()));
        }
    }

    /**
     * @param refusedAt index in the queue (the dead letter itself when retried, then its waiting records) of the
     *                  record refused in an earlier attempt; the ones before it are applied, it is set aside
     */
    private Outcome attempt(long id, boolean retry, int refusedAt, String reason, AtomicInteger reached) {
        lock.holdForBatch();
        Queued head = jdbc.sql("SELECT id, state, waiting_behind, raw_value FROM dead_letter WHERE id = :id FOR UPDATE")
                .param("id", id)
                .query((rs, row) -> new Queued(rs.getLong("id"), rs.getString("state"),
                        rs.getObject("waiting_behind", Long.class), rs.getBytes("raw_value")))
                .optional()
                .orElse(null);
        if (head == null) {
            return new Outcome(Result.UNKNOWN, id, null, 0, null, null, null);
        }
        if (!head.state().equals("DEAD")) {
            return new Outcome(Result.NOT_DEAD, id, head.state(), 0, null, null, head.waitingBehind());
        }
        // Asked after the dead letter is locked: a rebuild that begins later reads it only once this one is done.
        if (replays.inProgress()) {
            return new Outcome(Result.REBUILD_RUNNING, id, head.state(), 0, null, null, null);
        }
        List<Queued> queue = new ArrayList<>();
        if (retry) {
            queue.add(head);
        }
        queue.addAll(jdbc.sql("""
                        SELECT id, state, waiting_behind, raw_value FROM dead_letter
                         WHERE waiting_behind = :id AND state = 'HELD'
                         ORDER BY id
                           FOR UPDATE
                        """)
                .param("id", id)
                .query((rs, row) -> new Queued(rs.getLong("id"), rs.getString("state"),
                        rs.getObject("waiting_behind", Long.class), rs.getBytes("raw_value")))
                .list());
        int applied = 0;
        for (int i = 0; i < queue.size() && i < refusedAt; i++) {
            reached.set(i);
            batches.applyEvents(List.of(read(queue.get(i))));
            applied++;
        }
        if (retry && refusedAt == 0) {
            jdbc.sql("UPDATE dead_letter SET error = :error, attempts = attempts + 1 WHERE id = :id")
                    .param("error", reason).param("id", id).update();
            return new Outcome(Result.STILL_REFUSED, id, "DEAD", 0, null, reason, null);
        }
        jdbc.sql("""
                        UPDATE dead_letter SET state = :state, resolved_at = now(),
                               attempts = attempts + CASE WHEN :state = 'RETRIED' THEN 1 ELSE 0 END
                         WHERE id = :id
                        """)
                .param("state", retry ? "RETRIED" : "DISCARDED").param("id", id).update();
        List<Long> released = queue.subList(retry ? 1 : 0, applied).stream().map(Queued::id).toList();
        if (!released.isEmpty()) {
            jdbc.sql("UPDATE dead_letter SET state = 'RELEASED', resolved_at = now() WHERE id IN (:ids)")
                    .param("ids", released).update();
        }
        Long blockedBy = null;
        if (applied < queue.size()) {
            blockedBy = queue.get(applied).id();
            jdbc.sql("UPDATE dead_letter SET state = 'DEAD', waiting_behind = NULL, error = :error WHERE id = :id")
                    .param("error", reason).param("id", blockedBy).update();
            jdbc.sql("UPDATE dead_letter SET waiting_behind = :head, error = :waiting WHERE waiting_behind = :id AND state = 'HELD'")
                    .param("head", blockedBy).param("waiting", "waiting behind dead letter #" + blockedBy)
                    .param("id", id).update();
        }
        log.info("Dead letter #{} {}; {} waiting record(s) applied{}", id, retry ? "retried" : "discarded",
                released.size(), blockedBy == null ? "" : ", #" + blockedBy + " refused and now heads its issue's queue");
        return new Outcome(retry ? Result.RETRIED : Result.DISCARDED, id, retry ? "RETRIED" : "DISCARDED",
                released.size(), blockedBy, reason, null);
    }

    private ConsumedEvent read(Queued queued) {
        try {
            return reader.read(queued.rawValue());
        } catch (UnreadableRecord e) {
            throw new Refused(e.getMessage());
        }
    }

    private record Queued(long id, String state, Long waitingBehind, byte[] rawValue) {
    }

    /** A queued record that is still not an event: its own fault, like a read model's refusal. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }
}
