package org.issueledger.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * The engine writes the stored time, the stored metadata and the canonical JSON of metadata values by hand; each must
 * be the text Axon's formatter or Jackson gives, character for character, because the hash chain covers them and a
 * verifier recomputes them from the row.
 */
class StoredFormsByHandTest {

    private static final JacksonSerializer STORE = JacksonSerializer.defaultSerializer();

    @Test
    void theStoredTimeIsAxonsTextForAnyInstantOfYearsZeroToNineThousandNineHundredNinetyNine() {
        Random random = new Random(7);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
                    random.nextInt(1_000_000_000));
            assertThat(StoredTime.format(instant)).isEqualTo(DateTimeUtils.formatInstant(instant));
        }
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "2013-04-11T13:41:30.999999999Z",
                "2000-02-29T23:59:59.0005Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"}) {
            Instant instant = Instant.parse(edge);
            assertThat(StoredTime.format(instant)).isEqualTo(DateTimeUtils.formatInstant(instant));
        }
    }

    @Test
    void anInstantOutsideFourDigitYearsIsFormattedByAxon() {
        for (Instant instant : new Instant[] {Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-06-01T12:00:00Z"),
                Instant.parse("+999999-12-31T23:59:59.5Z")}) {
            assertThat(StoredTime.format(instant)).isEqualTo(DateTimeUtils.formatInstant(instant));
        }
    }

    @Test
    void plainStringMetadataIsStoredAsTheSerializerWritesIt() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("actor", "import:bpi2013");
        metadata.put("correlationId", "import:bpi2013:1-364285768");
        metadata.put("importedFrom", "1-364285768#0");
        metadata.put("nextCommandAt", "2012-05-02T12:01:57Z");
        metadata.put("path", "a/b ~ {x} [y] <z> 'q'");
        metadata.put("hash", "0f".repeat(32));
        MetaData stored = MetaData.from(metadata);

        assertThat(new String(StoredMetadata.json(stored))).isEqualTo(new String(STORE.serialize(stored, byte[].class).getData()));
        assertThat(new String(StoredMetadata.json(MetaData.emptyInstance())))
                .isEqualTo(new String(STORE.serialize(MetaData.emptyInstance(), byte[].class).getData()));
    }

    @Test
    void metadataThatJsonWouldEscapeOrThatIsNotTextIsLeftToTheSerializer() {
        assertThat(StoredMetadata.json(MetaData.with("actor", "line\nbreak"))).isNull();
        assertThat(StoredMetadata.json(MetaData.with("actor", "quote\"d"))).isNull();
        assertThat(StoredMetadata.json(MetaData.with("actor", "Ærø"))).isNull();
        assertThat(StoredMetadata.json(MetaData.with("count", 3))).isNull();
    }

    @Test
    void theCanonicalJsonOfAStringIsJacksonsForEveryCharacter() throws Exception {
        ObjectMapper jackson = new ObjectMapper();
        for (char c = 0; c < 0x3000; c++) {
            String text = "a" + c + "b";
            assertThat(HashChain.canonicalJson(text)).isEqualTo(jackson.writeValueAsString(text));
        }
        assertThat(HashChain.canonicalJson("")).isEqualTo("\"\"");
    }
}
