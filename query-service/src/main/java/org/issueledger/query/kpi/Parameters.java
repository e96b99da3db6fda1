package org.issueledger.query.kpi;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

import org.issueledger.query.web.BadParameter;

/** Reads the query parameters of the KPI, trend and heat-map APIs, or answers 400 naming the bad one. */
final class Parameters {

    private Parameters() {
    }

    /** An ISO date, or null when absent. */
    static LocalDate date(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadParameter(parameter,
                    "Parameter '" + parameter + "' must be a date like 2026-11-21, got '" + value + "'");
        }
    }

    /** One of the enum's constants by its lower-case name, or null when absent. */
    static <E extends Enum<E>> E choice(Class<E> type, String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (wireName(constant).equals(value)) {
                return constant;
            }
        }
        throw BadParameter.notOneOf(parameter, value,
                Arrays.stream(type.getEnumConstants()).map(Parameters::wireName).toList());
    }

    static <E extends Enum<E>> E required(Class<E> type, String parameter, String value) {
        E choice = choice(type, parameter, value);
        if (choice == null) {
            throw BadParameter.notOneOf(parameter, "", Arrays.stream(type.getEnumConstants())
                    .map(Parameters::wireName).toList());
        }
        return choice;
    }

    static String wireName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /** A team filter; blank means all teams. */
    static String team(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    static int bounded(String parameter, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadParameter(parameter, "Parameter '" + parameter + "' must be a whole number from " + min + " to "
                + max + ", got '" + value + "'");
    }
}
