package org.issueledger.command.config;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.modelling.command.ConcurrencyException;
import org.issueledger.events.EventEnvelope;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How a command travels from the edge to the aggregate, and what it leaves on the events it causes. */
@Configuration(proxyBeanMethods = false)
class CommandPathConfig {

    /**
     * Each event records the command that caused it (command id = causation id), the request's
     * correlation id, the sending system and the actor — the audit trail's "who, from where, as part of
     * what". Replaces Axon's default MessageOriginProvider, whose "correlationId" is the causing
     * message's id, which is not what an integrator means by the word.
     */
    @Bean
    CorrelationDataProvider commandOrigin() {
        return new CommandOrigin();
    }

    /**
     * Asked by the unit of work for every message created while a command is handled — each event the command
     * causes and its result — always about the same command: the answer for the last command is kept per thread
     * (messages are immutable, so the same object means the same answer). A sixteenth of the bulk import's CPU
     * went to building this map again for every event.
     */
    static final class CommandOrigin implements CorrelationDataProvider {

        private record Answer(Message<?> message, Map<String, ?> data) {
        }

        private final ThreadLocal<Answer> last = new ThreadLocal<>();

        @Override
        public Map<String, ?> correlationDataFor(Message<?> message) {
            Answer answer = last.get();
            if (answer != null && answer.message() == message) {
                return answer.data();
            }
            Map<String, Object> data = new HashMap<>();
            data.put(EventEnvelope.META_COMMAND_ID, message.getIdentifier());
            data.put(EventEnvelope.META_CAUSATION_ID, message.getIdentifier());
            copy(message.getMetaData(), data, EventEnvelope.META_CORRELATION_ID, "actor",
                    EventEnvelope.META_SOURCE_SYSTEM);
            Map<String, ?> unmodifiable = Collections.unmodifiableMap(data);
            last.set(new Answer(message, unmodifiable));
            return unmodifiable;
        }
    }

    /**
     * Every correlation data provider Axon gets answers nothing about a stored event a tracking processor (relay,
     * webhooks, assignment rules) handles. Its unit of work causes no event and sends no command (the assignment rules
     * send theirs from a thread of their own), yet Axon asks the providers about it for the result message of every
     * handler call, and a provider would read the event's metadata back from its stored bytes: a seventh of the relay's
     * thread. A deadline, also an event message, is answered as before. Applied here, to every provider bean, so a
     * provider added later cannot forget the rule.
     */
    @Bean
    static BeanPostProcessor handledEventsGetNoCorrelationData() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof CorrelationDataProvider provider ? new CausedMessagesOnly(provider) : bean;
            }
        };
    }

    record CausedMessagesOnly(CorrelationDataProvider provider) implements CorrelationDataProvider {

        @Override
        public Map<String, ?> correlationDataFor(Message<?> message) {
            if (message instanceof EventMessage<?> && !(message instanceof DeadlineMessage<?>)) {
                return Map.of();
            }
            return provider.correlationDataFor(message);
        }
    }

    /**
     * A command that lost the optimistic-concurrency race on the store's unique (issue, sequence) key is
     * retried on fresh state; every other failure is an answer and goes straight back to the sender.
     */
    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "command-retry");
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(commandRetryExecutor)
                        .retryInterval(20)
                        .maxRetryCount(5)
                        .nonTransientFailurePredicate(failure -> !(failure instanceof ConcurrencyException))
                        .build())
                .build();
    }

    private static void copy(Map<String, ?> from, Map<String, Object> to, String... keys) {
        for (String key : keys) {
            Object value = from.get(key);
            if (value != null) {
                to.put(key, value);
            }
        }
    }
}
