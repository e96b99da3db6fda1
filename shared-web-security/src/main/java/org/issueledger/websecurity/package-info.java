/**
 * The HTTP edge both services share, one implementation for both: API keys ({@code X-API-Key}) resolved to
 * a principal and its roles, the request limits that keep a slow or huge request from tying up a service,
 * hostile text (control characters, broken surrogates) refused in paths, parameters and bodies, and every
 * refusal answered as problem+json. Which role may call which endpoint stays in each service's
 * {@code security.SecurityConfig}; {@link org.issueledger.websecurity.ApiSecurity} is the only public entry.
 */
package org.issueledger.websecurity;
