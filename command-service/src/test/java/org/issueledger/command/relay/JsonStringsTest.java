package org.issueledger.command.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strings in the envelope written by hand are the bytes of the mapper's text, for any string — lone surrogates
 * included, which the mapper writes as they are and the UTF-8 encoding turns into {@code ?} — as values and as names;
 * a mapper that writes strings another way is either learned (its ASCII escapes) or refused.
 */
class JsonStringsTest {

    private final Random random = new Random(23);

    @Test
    void theServicesMapperIsReproducedForRandomStringsAsValuesAndAsNames() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> {
                    JsonMapper json = context.getBean(JsonMapper.class);
                    JsonStrings strings = JsonStrings.of(json);
                    assertThat(strings).isNotNull();
                    for (int round = 0; round < 20_000; round++) {
                        String value = randomString();
                        String name = randomString();
                        assertThat(strings.quoted(value)).isEqualTo(utf8(json.writeValueAsString(value)));
                        assertThat(strings.length(value)).isEqualTo(strings.quoted(value).length - 2);
                        assertThat(concat("{", strings.quoted(name), ":", strings.quoted(value), "}"))
                                .isEqualTo(utf8(json.writeValueAsString(Map.of(name, value))));
                    }
                });
    }

    @Test
    void aMapperThatEscapesSlashesIsLearned() {
        JsonMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build();
        JsonStrings strings = JsonStrings.of(json);

        assertThat(strings).isNotNull();
        assertThat(strings.raw('/')).isFalse();
        assertThat(new String(strings.quoted("a/b"), StandardCharsets.UTF_8)).isEqualTo("\"a\\/b\"");
    }

    @Test
    void aMapperThatEscapesNonAsciiIsRefused() {
        assertThat(JsonStrings.of(JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build())).isNull();
        assertThat(JsonStrings.of(JsonMapper.builder().build())).isNotNull();
    }

    /** Short strings of every kind of character, lone and reversed surrogates among them. */
    private String randomString() {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(20); n > 0; n--) {
            switch (random.nextInt(7)) {
                case 0, 1 -> text.append((char) random.nextInt(0x80));
                case 2 -> text.append((char) (0x80 + random.nextInt(0x780)));
                case 3 -> text.append((char) (0x800 + random.nextInt(0x10000 - 0x800)));
                case 4 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                case 5 -> text.append((char) (0xD800 + random.nextInt(0x800)));
                default -> text.append("\"\\/\u007f\u2028\uFEFF".charAt(random.nextInt(6)));
            }
        }
        return text.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(String open, byte[] name, String colon, byte[] value, String close) {
        return utf8(open + new String(name, StandardCharsets.UTF_8) + colon + new String(value, StandardCharsets.UTF_8)
                + close);
    }
}
