/**
 * Who may read what: API keys ({@code X-API-Key}) resolved to a principal and its roles, the role each
 * endpoint needs (default deny), 401/403 as problem+json, and the request limits that keep a slow or huge
 * request from tying up the service.
 */
package org.issueledger.query.security;
