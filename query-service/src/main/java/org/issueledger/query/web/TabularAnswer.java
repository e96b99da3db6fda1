package org.issueledger.query.web;

import java.util.List;

import org.issueledger.query.consuming.Freshness;

/**
 * An answer that is a table at heart: served as JSON as it is, and as CSV ({@code Accept: text/csv} or
 * {@code ?format=csv}) from these columns and records, with its freshness in response headers.
 *
 * <p>The method names start with {@code csv} so that they never clash with a record component and Jackson
 * never mistakes them for properties.
 */
public interface TabularAnswer {

    List<String> csvHeader();

    /** One list per CSV record, in {@link #csvHeader()} order; null cells are written empty. */
    List<List<Object>> csvRecords();

    Freshness freshness();
}
