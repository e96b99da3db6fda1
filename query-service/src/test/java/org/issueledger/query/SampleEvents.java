package org.issueledger.query;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.sla.SlaPolicy;

/**
 * One instance of every event the contract permits, built by reflection so that an event added to
 * {@code IssueEvent} shows up here without anyone remembering to list it.
 */
public final class SampleEvents {

    private SampleEvents() {
    }

    /** Every permitted event class, IssueCreated first (nothing else applies to an issue not yet created). */
    @SuppressWarnings("unchecked")
    public static List<Class<? extends IssueEvent>> permittedTypes() {
        return Arrays.stream(IssueEvent.class.getPermittedSubclasses())
                .<Class<? extends IssueEvent>>map(type -> (Class<? extends IssueEvent>) type)
                .sorted(Comparator.comparing(type -> type == IssueCreated.class ? 0 : 1))
                .toList();
    }

    /** An instance with every component filled: the issue id for UUIDs, 1 for numbers, the first constant of enums. */
    public static IssueEvent sample(Class<? extends IssueEvent> type, UUID issueId, Instant occurredAt) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = valueFor(components[i], issueId, occurredAt);
        }
        try {
            Constructor<? extends IssueEvent> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build a sample " + type.getSimpleName(), e);
        }
    }

    private static Object valueFor(RecordComponent component, UUID issueId, Instant occurredAt) {
        Class<?> type = component.getType();
        if (type == UUID.class) {
            return issueId;
        } else if (type == Instant.class) {
            return occurredAt;
        } else if (type == String.class) {
            return component.getName() + "-sample";
        } else if (type == int.class || type == Integer.class) {
            return 1;
        } else if (type == long.class || type == Long.class) {
            return 1L;
        } else if (type == boolean.class || type == Boolean.class) {
            return true;
        } else if (type == Duration.class) {
            return Duration.ofHours(1);
        } else if (type == SlaPolicy.class) {
            return SlaPolicy.defaults();
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        throw new IllegalStateException("No sample value for " + component + "; teach SampleEvents this type");
    }
}
