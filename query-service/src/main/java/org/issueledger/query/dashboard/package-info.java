/**
 * The analyst's side of the query service: the dashboard page (static files under {@code /static}, served
 * at {@code /}) and what every analytics answer shares on the wire: a CSV form next to JSON, freshness in
 * headers, and 400 problems that name the parameter.
 *
 * <p>The wire pieces ({@link org.issueledger.query.dashboard.TabularAnswer},
 * {@link org.issueledger.query.dashboard.BadParameter}) would sit equally well in {@code web}; they live here
 * because the dashboard and the analytics APIs are their only users so far.
 */
package org.issueledger.query.dashboard;
