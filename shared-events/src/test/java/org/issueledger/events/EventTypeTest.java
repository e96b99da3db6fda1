package org.issueledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.issueledger.events.issue.IssueEvent;
import org.junit.jupiter.api.Test;

class EventTypeTest {

    @Test
    void everyIssueEventHasAWireName() {
        Set<Class<?>> registered = Arrays.stream(EventType.values()).map(EventType::javaType).collect(Collectors.toSet());
        assertThat(registered).containsExactlyInAnyOrder(IssueEvent.class.getPermittedSubclasses());
    }

    @Test
    void wireNamesAreUniqueAndResolveBack() {
        for (EventType type : EventType.values()) {
            assertThat(EventType.byWireName(type.wireName())).contains(type);
        }
        assertThat(EventType.byWireName("NoSuchEvent")).isEmpty();
    }

    @Test
    void aRecordClassResolvesToItsTypeAndAnyOtherClassToNone() {
        for (EventType type : EventType.values()) {
            assertThat(EventType.ofJavaType(type.javaType())).isSameAs(type);
        }
        assertThat(EventType.ofJavaType(IssueEvent.class)).isNull();
        assertThat(EventType.ofJavaType(String.class)).isNull();
    }
}
