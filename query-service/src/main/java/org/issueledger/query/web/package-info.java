/**
 * What every answer of the query service shares on the wire: problem+json errors ({@link
 * org.issueledger.query.web.ProblemHandling}, {@link org.issueledger.query.web.BadParameter}, {@link
 * org.issueledger.query.web.UnknownIssue}), a CSV form next to JSON for tabular answers ({@link
 * org.issueledger.query.web.TabularAnswer}, {@link org.issueledger.query.web.CsvConverter}) and the freshness
 * headers. It knows no read model.
 */
package org.issueledger.query.web;
