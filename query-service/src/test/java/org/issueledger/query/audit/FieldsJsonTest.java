package org.issueledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

/** The hand-written changes and fields are the service's Jackson text character for character, whatever they hold. */
class FieldsJsonTest extends QueryServiceTestSupport {

    @Autowired
    JsonMapper json;

    private final Random random = new Random(20261207);

    @Test
    void changesAreWrittenAsJacksonWritesThem() {
        for (int i = 0; i < 20_000; i++) {
            List<FieldChange> changes = new ArrayList<>();
            int size = random.nextInt(5);
            for (int c = 0; c < size; c++) {
                changes.add(new FieldChange(randomString(), randomValue(), randomValue()));
            }
            assertThat(FieldsJson.changes(changes, json)).isEqualTo(json.writeValueAsString(changes));
        }
    }

    @Test
    void fieldsAreWrittenAsJacksonWritesThem() {
        for (int i = 0; i < 20_000; i++) {
            Map<String, Object> fields = new LinkedHashMap<>();
            int size = random.nextInt(20);
            for (int f = 0; f < size; f++) {
                fields.put(randomString(), randomValue());
            }
            assertThat(FieldsJson.fields(fields, json)).isEqualTo(json.writeValueAsString(fields));
        }
    }

    private Object randomValue() {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> random.nextInt();
            case 2 -> random.nextBoolean() ? (long) random.nextInt(100) : Long.MAX_VALUE - random.nextInt(100);
            case 3 -> {
                List<String> list = new ArrayList<>();
                int size = random.nextInt(4);
                for (int i = 0; i < size; i++) {
                    list.add(randomString());
                }
                yield list;
            }
            default -> randomString();
        };
    }

    /** Mostly plain text, sometimes every kind of character JSON escapes or might: controls, quotes, slashes, unicode. */
    private String randomString() {
        String plain = "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789-_.:+#@!?()[]{}~'`$%^&*=<>,;|";
        String odd = "\"\\/\b\f\n\r\t\u0000\u0001\u001f\u007f\u0080\u00e9\u2028\u2029\ud83d\ude80\ud800\udfff\ufffe";
        int length = random.nextInt(24);
        StringBuilder text = new StringBuilder(length);
        boolean withOdd = random.nextInt(4) == 0;
        for (int i = 0; i < length; i++) {
            String pool = withOdd && random.nextInt(3) == 0 ? odd : plain;
            text.append(pool.charAt(random.nextInt(pool.length())));
        }
        return text.toString();
    }
}
