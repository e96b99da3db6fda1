package org.issueledger.command.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.issueledger.events.EventEnvelope;
import org.junit.jupiter.api.Test;

class CommandOriginTest {

    private final CommandPathConfig.CommandOrigin origin = new CommandPathConfig.CommandOrigin();

    @Test
    void everyEventOfACommandCarriesTheCommandAsCauseAndTheSendersCorrelation() {
        Message<?> command = GenericCommandMessage.asCommandMessage("payload").andMetaData(Map.of(
                EventEnvelope.META_CORRELATION_ID, "corr-1", "actor", "ana", EventEnvelope.META_SOURCE_SYSTEM, "crm",
                "other", "not copied"));
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) origin.correlationDataFor(command);
        assertThat(first).containsExactlyInAnyOrderEntriesOf(Map.<String, Object>of(
                EventEnvelope.META_COMMAND_ID, command.getIdentifier(),
                EventEnvelope.META_CAUSATION_ID, command.getIdentifier(),
                EventEnvelope.META_CORRELATION_ID, "corr-1", "actor", "ana", EventEnvelope.META_SOURCE_SYSTEM, "crm"));
        assertThat(origin.correlationDataFor(command)).isEqualTo(first);
    }

    @Test
    void theNextCommandGetsItsOwnOrigin() {
        Message<?> one = GenericCommandMessage.asCommandMessage("one").andMetaData(Map.of("actor", "ana"));
        Message<?> two = GenericCommandMessage.asCommandMessage("two").andMetaData(Map.of("actor", "bo"));
        assertThat(origin.correlationDataFor(one).get("actor")).isEqualTo("ana");
        assertThat(origin.correlationDataFor(two).get("actor")).isEqualTo("bo");
        assertThat(origin.correlationDataFor(two).get(EventEnvelope.META_COMMAND_ID)).isEqualTo(two.getIdentifier());
        assertThat(origin.correlationDataFor(one).get(EventEnvelope.META_COMMAND_ID)).isEqualTo(one.getIdentifier());
    }

    /**
     * A stored event a tracking processor handles is asked about for every handler's result: the wrapper every provider
     * bean gets answers nothing without asking the provider, so the event's metadata is not read back from the stored
     * bytes (the message would throw here if it were); a deadline, also an event message, keeps its origin.
     */
    @Test
    void aHandledEventGetsNoOriginAndIsNotReadWhileADeadlineKeepsItsOrigin() {
        CommandPathConfig.CausedMessagesOnly wrapped = new CommandPathConfig.CausedMessagesOnly(origin);
        Message<?> stored = new GenericEventMessage<>("payload", Map.of("actor", "ana")) {
            @Override
            public MetaData getMetaData() {
                throw new AssertionError("the handled event's metadata was read");
            }
        };
        assertThat(wrapped.correlationDataFor(stored)).isEmpty();
        Message<?> deadline = GenericDeadlineMessage.asDeadlineMessage("sla", "payload", java.time.Instant.EPOCH)
                .andMetaData(Map.of("actor", "system:sla"));
        assertThat(wrapped.correlationDataFor(deadline).get(EventEnvelope.META_COMMAND_ID)).isEqualTo(deadline.getIdentifier());
        assertThat(wrapped.correlationDataFor(deadline).get("actor")).isEqualTo("system:sla");
        Message<?> command = GenericCommandMessage.asCommandMessage("payload").andMetaData(Map.of("actor", "bo"));
        assertThat(wrapped.correlationDataFor(command).get("actor")).isEqualTo("bo");
    }
}
