/**
 * The analyst's dashboard: a self-contained page under {@code src/main/resources/static}, served at {@code /},
 * that reads only the public API (rankings, KPIs, trends, heat map, SLA compliance and at-risk). No build step:
 * plain HTML, CSS and JavaScript. What every analytics answer shares on the wire (CSV next to JSON, freshness
 * headers, 400 problems naming the parameter) lives in {@link org.issueledger.query.web}.
 */
package org.issueledger.query.dashboard;
