package org.issueledger.command.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends a command at most once per {@code Idempotency-Key}: a repeat — sequential or concurrent, on this
 * instance or another, before or after a restart — gets the first outcome and appends nothing.
 *
 * <p>Only accepted commands are remembered. A refused command appended nothing, so sending it again
 * simply asks the aggregate again.
 */
@Component
public class IdempotentCommands {

    static final String KEY = "idempotencyKey";
    static final String FINGERPRINT = "requestFingerprint";

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;

    IdempotentCommands(CommandGateway commands, JdbcTemplate jdbc) {
        this.commands = commands;
        this.jdbc = jdbc;
    }

    /**
     * @param issueId     the issue the command is about (for a create: the id chosen for the new issue)
     * @param request     what the sender asked for, as text: a repeat with the same key must ask the same
     * @param key         the sender's Idempotency-Key, or null
     * @return the outcome: the issue id, and whether this was a repeat of an earlier accepted command
     * @throws KeyReused when the key was used before for a different request
     */
    public Outcome send(Object command, UUID issueId, Map<String, String> metadata, String key, String request) {
        if (key == null) {
            return new Outcome(issueId, false, dispatch(command, metadata));
        }
        String fingerprint = fingerprint(request);
        Optional<Outcome> earlier = earlierOutcome(key, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Map<String, String> withKey = new HashMap<>(metadata);
        withKey.put(KEY, key);
        withKey.put(FINGERPRINT, fingerprint);
        withKey.put("issueId", issueId.toString());
        try {
            return new Outcome(issueId, false, dispatch(command, withKey));
        } catch (RepeatedCommand raced) {
            // A concurrent request with the same key committed first; answer as it was answered.
            return earlierOutcome(key, fingerprint).orElseThrow(() -> raced);
        }
    }

    /** @return the command message's id: the commandId every event it caused carries in its metadata */
    private String dispatch(Object command, Map<String, String> metadata) {
        CommandMessage<Object> message = GenericCommandMessage.asCommandMessage(command).andMetaData(metadata);
        commands.sendAndWait(message);
        return message.getIdentifier();
    }

    private Optional<Outcome> earlierOutcome(String key, String fingerprint) {
        return jdbc.query("select request_fingerprint, issue_id, command_id from command_idempotency where idempotency_key = ?",
                rs -> {
                    if (!rs.next()) {
                        return Optional.<Outcome>empty();
                    }
                    if (!fingerprint.equals(rs.getString("request_fingerprint"))) {
                        throw new KeyReused(key);
                    }
                    return Optional.of(new Outcome(rs.getObject("issue_id", UUID.class), true,
                            rs.getString("command_id")));
                }, key);
    }

    /** SHA-256 in hex of a request: what a repeat under the same key must match, from any path. */
    public static String fingerprint(String request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(request.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    /**
     * @param repeated  true when an earlier request with the same key was accepted and this one appended nothing
     * @param commandId the id of the command that was accepted (the earlier one for a repeat): the events it caused
     *                  carry it as {@code commandId} in their metadata
     */
    public record Outcome(UUID issueId, boolean repeated, String commandId) {
    }
}
