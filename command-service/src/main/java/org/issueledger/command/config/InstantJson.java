package org.issueledger.command.config;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.issueledger.events.InstantText;

/**
 * Instants in the stored events as the JSR-310 module writes them ({@link Instant#toString()}, ISO-8601 in UTC with
 * the fraction in groups of three digits, none when zero), written by hand ({@link InstantText#of}): every
 * event carries two to four instants, and {@code DateTimeFormatter} was a fifth of the payloads' serialisation time in
 * the import. The text is the same character for character ({@code InstantJsonTest} compares the stored bytes), so
 * stored payloads, their hashes and every reader are unchanged.
 *
 * <p>Read back the same way: every tracking processor (webhooks, assignment rules) and every aggregate load binds
 * stored payloads with this mapper, and {@code DateTimeFormatter.parse} was half of that binding (a quarter of the
 * webhooks processor's samples in a 1M import). Text in exactly the written form is read by hand
 * ({@link InstantText#parse}); anything else — another text, a number, null — goes to the JSR-310 module's own
 * deserializer, wrapped rather than replaced, so whatever it accepts or refuses it still does, the same way.
 */
final class InstantJson {

    private InstantJson() {
    }

    /**
     * Registered after the JSR-310 module: the later serializer for a type wins, and the modifier wraps the
     * deserializer that module provides.
     */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("issueledger-instant-text");
        module.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(InstantText.of(value));
            }
        });
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                return description.getBeanClass() == Instant.class ? new InstantReader(deserializer) : deserializer;
            }
        });
        return module;
    }

    /**
     * The written form by hand, everything else by the wrapped deserializer. A {@link DelegatingDeserializer}: a
     * contextual copy of the wrapped one (per property) is wrapped again.
     */
    static final class InstantReader extends DelegatingDeserializer {

        InstantReader(JsonDeserializer<?> wrapped) {
            super(wrapped);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> wrapped) {
            return new InstantReader(wrapped);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                Instant written = InstantText.parse(parser.getText());
                if (written != null) {
                    return written;
                }
            }
            return super.deserialize(parser, context);
        }
    }
}
