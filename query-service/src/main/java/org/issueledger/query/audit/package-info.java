/**
 * The audit trail read model: every event as a row, with who, what, when (business time {@code occurredAt} and record
 * time {@code recordedAt}), source system, correlation id, the fields it changed (before → after), the hash-chain
 * links of its metadata when present, and its XES lifecycle transition.
 *
 * <p>Tables: {@code audit_entry} (one row per event) and {@code audit_issue_state} (each issue's fields between
 * events, from which the next event's changes are computed). Both are written by {@link
 * org.issueledger.query.audit.AuditTrailProjection} and nothing else.
 *
 * <p>API (every time filter is on business time {@code occurredAt}, {@code from} inclusive, {@code to} exclusive;
 * instants as ISO-8601, or a date meaning its start in UTC; a bad parameter is a 400 problem naming it):
 * <ul>
 *     <li>{@code GET /api/audit/issues/{id}}: the entries in sequence order (404 for an unknown issue);
 *         JSON, or CSV with {@code Accept: text/csv} or {@code ?format=csv}.</li>
 *     <li>{@code GET /api/audit?actor&from&to&type&page&size}: entries across issues, ordered by occurredAt, then
 *         issue id, then sequence; {@code actor} exact, {@code type} a wire name such as {@code OwnerAssigned};
 *         {@code size} 1–1,000 (default 100), {@code page} from 0 while page × size stays below 10,000. JSON or
 *         CSV; freshness in the body (JSON) and in {@code X-Last-*} headers.</li>
 *     <li>{@code GET /api/audit/export?from&to&format=jsonl|csv|xes}: everything in the range, by issue then
 *         sequence, streamed as it is read. {@code from} and {@code to} are required and at most 366 days apart;
 *         {@code format} defaults to jsonl. An attachment named after the range; freshness in headers.</li>
 * </ul>
 */
package org.issueledger.query.audit;
