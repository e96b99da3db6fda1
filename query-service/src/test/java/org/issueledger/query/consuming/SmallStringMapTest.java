package org.issueledger.query.consuming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The metadata map answers as the {@code LinkedHashMap} it replaces: same entries, same order, same JSON. */
class SmallStringMapTest {

    @Test
    void keepsTheOrderReadAndANameGivenAgainKeepsItsFirstPlaceWithItsLastValue() {
        Map<String, String> small = new SmallStringMap.Builder()
                .put("commandId", "c-1").put("correlationId", "corr-1").put("empty", null).put("commandId", "c-2")
                .build();
        Map<String, String> linked = new LinkedHashMap<>();
        linked.put("commandId", "c-1");
        linked.put("correlationId", "corr-1");
        linked.put("empty", null);
        linked.put("commandId", "c-2");

        assertThat(small).isEqualTo(linked).hasSameHashCodeAs(linked);
        assertThat(small.keySet()).containsExactly("commandId", "correlationId", "empty");
        assertThat(small.get("commandId")).isEqualTo("c-2");
        assertThat(small.containsKey("empty")).isTrue();
        assertThat(small.get("absent")).isNull();
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.writeValueAsString(small)).isEqualTo(json.writeValueAsString(linked));
    }

    @Test
    void growsPastItsFirstCapacity() {
        SmallStringMap.Builder builder = new SmallStringMap.Builder();
        for (int i = 0; i < 20; i++) {
            builder.put("name" + i, "value" + i);
        }
        Map<String, String> small = builder.build();

        assertThat(small).hasSize(20).containsEntry("name0", "value0").containsEntry("name19", "value19");
    }

    @Test
    void noEntriesIsAnEmptyMap() {
        assertThat(new SmallStringMap.Builder().build()).isEmpty();
    }
}
