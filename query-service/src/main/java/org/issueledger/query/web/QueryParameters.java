package org.issueledger.query.web;

/** Query parameters every read model's API reads the same way, or answers 400 naming the bad one. */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** A whole number within {@code min..max}, or {@code defaultValue} when absent. */
    public static int wholeNumber(String parameter, String value, int defaultValue, int min, int max) {
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
        String range = max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
        throw new BadParameter(parameter, "Parameter '" + parameter + "' must be a whole number " + range + ", got '"
                + value + "'");
    }
}
