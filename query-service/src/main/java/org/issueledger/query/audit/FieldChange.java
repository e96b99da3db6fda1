package org.issueledger.query.audit;

/** One field an event changed, e.g. {@code {"field":"owner","before":"ana","after":"bo"}}; null for absent. */
record FieldChange(String field, Object before, Object after) {
}
