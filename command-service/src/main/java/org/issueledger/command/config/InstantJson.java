package org.issueledger.command.config;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.issueledger.events.InstantText;

/**
 * Instants in the stored events as the JSR-310 module writes them ({@link Instant#toString()}, ISO-8601 in UTC with
 * the fraction in groups of three digits, none when zero), written by hand ({@link InstantText#of}): every
 * event carries two to four instants, and {@code DateTimeFormatter} was a fifth of the payloads' serialisation time in
 * the import. The text is the same character for character ({@code InstantJsonTest} compares the stored bytes), so
 * stored payloads, their hashes and every reader are unchanged.
 */
final class InstantJson {

    private InstantJson() {
    }

    /** Registered after the JSR-310 module: the later serializer for a type wins. */
    static SimpleModule module() {
        return new SimpleModule("issueledger-instant-text").addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                generator.writeString(InstantText.of(value));
            }
        });
    }
}
