package org.issueledger.command.idempotency;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records a command's idempotency key inside the command's own unit of work. The command bus runs
 * that unit of work in one database transaction (Axon's transaction interceptor comes first), so the
 * key row and the appended events commit together or not at all. Axon's Spring Boot support registers
 * this bean on the command bus by its type.
 */
@Component
class IdempotencyInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    private final JdbcTemplate jdbc;

    IdempotencyInterceptor(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        Object key = command.getMetaData().get(IdempotentCommands.KEY);
        if (key != null) {
            try {
                jdbc.update("insert into command_idempotency (idempotency_key, request_fingerprint, issue_id, command_id)"
                                + " values (?, ?, ?::uuid, ?)",
                        key, command.getMetaData().get(IdempotentCommands.FINGERPRINT),
                        command.getMetaData().get("issueId"), command.getIdentifier());
            } catch (DuplicateKeyException e) {
                throw new RepeatedCommand(key.toString());
            }
        }
        return chain.proceed();
    }
}
