/**
 * Who may call what on the command side: the role each endpoint needs (default deny). How an API key
 * ({@code X-API-Key}) becomes a principal and its roles, the request limits, hostile-text refusal and the
 * 401/403 problem+json answers are shared with the query side ({@code org.issueledger.websecurity}).
 */
package org.issueledger.command.security;
