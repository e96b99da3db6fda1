package org.issueledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.sla.SlaPolicy;
import org.issueledger.query.SampleEvents;
import org.junit.jupiter.api.Test;

/**
 * An event's before → after is every field it left different, in the order the fields were first set: checked
 * against comparing every field of the issue before and after, over random walks through every event type.
 */
class IssueFieldsChangesTest {

    private final Random random = new Random(20261207);
    private final UUID issueId = UUID.randomUUID();

    @Test
    void anEventsChangesAreEveryFieldItLeftDifferentInTheOrderTheFieldsWereFirstSet() throws Exception {
        List<Class<? extends IssueEvent>> types = SampleEvents.permittedTypes();
        int compared = 0;
        for (int walk = 0; walk < 600; walk++) {
            IssueFields fields = IssueFields.none();
            for (int step = 0; step < 30; step++) {
                IssueEvent event = randomEvent(step == 0 ? IssueCreated.class : types.get(random.nextInt(types.size())));
                if (event == null) {
                    continue;
                }
                IssueFields.Applied applied = fields.apply(event);
                assertThat(applied.changes()).as(event::toString)
                        .isEqualTo(everyDifference(fields.values(), applied.after().values()));
                compared++;
                fields = applied.after();
            }
        }
        assertThat(compared).isGreaterThan(15_000);
    }

    @Test
    void foldingIntoTheFieldsThemselvesAnswersWhatApplyingToACopyAnswers() throws Exception {
        List<Class<? extends IssueEvent>> types = SampleEvents.permittedTypes();
        int compared = 0;
        for (int walk = 0; walk < 600; walk++) {
            IssueFields copied = IssueFields.none();
            IssueFields inPlace = IssueFields.none();
            for (int step = 0; step < 30; step++) {
                IssueEvent event = randomEvent(step == 0 ? IssueCreated.class : types.get(random.nextInt(types.size())));
                if (event == null) {
                    continue;
                }
                IssueFields.Applied viaCopy = copied.apply(event);
                IssueFields.Applied here = inPlace.applyHere(event);
                assertThat(here.after()).isSameAs(inPlace);
                assertThat(here.changes()).as(event::toString).isEqualTo(viaCopy.changes());
                assertThat(here.transition()).isEqualTo(viaCopy.transition());
                assertThat(List.copyOf(here.after().values().entrySet())).as(event::toString)
                        .isEqualTo(List.copyOf(viaCopy.after().values().entrySet()));
                compared++;
                copied = viaCopy.after();
            }
        }
        assertThat(compared).isGreaterThan(15_000);
    }

    private static List<FieldChange> everyDifference(Map<String, Object> before, Map<String, Object> after) {
        Set<String> names = new LinkedHashSet<>(before.keySet());
        names.addAll(after.keySet());
        List<FieldChange> changes = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(before.get(name), after.get(name))) {
                changes.add(new FieldChange(name, before.get(name), after.get(name)));
            }
        }
        return changes;
    }

    /** An event with random values from small pools (so that values repeat and fields come and go), or null. */
    private IssueEvent randomEvent(Class<? extends IssueEvent> type) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = randomValue(types[i]);
        }
        Constructor<? extends IssueEvent> constructor = type.getDeclaredConstructor(types);
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException refused) {
            return null; // a combination the event's own rules refuse (e.g. a required value drawn as null)
        }
    }

    private Object randomValue(Class<?> type) {
        if (type == UUID.class) {
            return issueId;
        } else if (type == Instant.class) {
            return Instant.parse("2026-12-01T00:00:00Z").plusSeconds(random.nextInt(3) * 3600L);
        } else if (type == String.class) {
            return random.nextInt(4) == 0 ? null : List.of("ana", "bo", "cy").get(random.nextInt(3));
        } else if (type == int.class || type == Integer.class) {
            return random.nextInt(3);
        } else if (type == long.class || type == Long.class) {
            return (long) random.nextInt(3);
        } else if (type == boolean.class || type == Boolean.class) {
            return random.nextBoolean();
        } else if (type == Duration.class) {
            return Duration.ofHours(1 + random.nextInt(2));
        } else if (type == SlaPolicy.class) {
            return SlaPolicy.defaults();
        } else if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[random.nextInt(constants.length)];
        }
        throw new IllegalStateException("No random value for " + type);
    }
}
