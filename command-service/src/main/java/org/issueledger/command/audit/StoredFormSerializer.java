package org.issueledger.command.audit;

import java.util.Map;

import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * The event store's serializer: Jackson, as built by the builder, except that stored metadata in the plain form the
 * engine writes ({@link StoredMetadata#json}) is read back without a parser. Stored events' metadata is read on hot
 * paths: the assignment rules for every issue created, webhooks for every delivery, the relay for metadata not in the
 * plain form, the event history endpoint. (The correlation data of a handler's result no longer reads it: a handled
 * event gets none, see {@code CommandPathConfig.handledEventsGetNoCorrelationData}.) The answer is the {@link MetaData}
 * Jackson gives (same pairs, put into a map in the same order); metadata in any other form goes to Jackson.
 */
public final class StoredFormSerializer extends JacksonSerializer {

    private static final String METADATA = MetaData.class.getName();

    public StoredFormSerializer(JacksonSerializer.Builder builder) {
        super(builder);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, T> T deserialize(SerializedObject<S> serialized) {
        if (serialized.getData() instanceof byte[] bytes && METADATA.equals(serialized.getType().getName())
                && serialized.getType().getRevision() == null) {
            Map<String, Object> pairs = StoredMetadata.parse(bytes);
            if (pairs != null) {
                return (T) MetaData.from(pairs);
            }
        }
        return super.deserialize(serialized);
    }
}
