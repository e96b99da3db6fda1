package org.issueledger.websecurity;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a path or query string that decodes to control characters (a {@code %00} in a parameter would
 * otherwise reach SQL, where PostgreSQL refuses it with an error the client did not cause us), or that is
 * not valid percent-encoding at all: 400, before any endpoint sees it. The body's text is checked by
 * {@link HostileTextInBodies}; multipart uploads (the command side's import) are left to their reader, which
 * reports bad records itself.
 */
final class HostileTextFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = problem("path", request.getRequestURI());
        if (problem == null && request.getQueryString() != null) {
            problem = problem("query string", request.getQueryString());
        }
        if (problem != null) {
            Problems.write(request, response, HttpServletResponse.SC_BAD_REQUEST, "Bad Request", problem);
            return;
        }
        chain.doFilter(request, response);
    }

    private static String problem(String where, String raw) {
        String decoded;
        try {
            decoded = URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "The " + where + " is not valid percent-encoding";
        }
        int refused = Text.firstRefused(decoded);
        return refused < 0 ? null
                : "The " + where + " contains a control character or a broken surrogate ("
                + Text.describe(decoded, refused) + " of the decoded text)";
    }
}
