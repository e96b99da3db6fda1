package org.issueledger.websecurity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Requests Tomcat refuses before any filter sees them (an encoded slash in the path, a malformed URI, a
 * header section too large …) get Tomcat's own HTML error page by default. This valve answers them as
 * every other refusal: problem+json, without a stack trace or the server's version.
 */
@Configuration(proxyBeanMethods = false)
class ContainerProblems {

    @Bean
    TomcatContextCustomizer problemErrorPages() {
        return context -> {
            if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                host.setErrorReportValveClass(Valve.class.getName());
            }
        };
    }

    /** Public with a public constructor: Tomcat instantiates it by class name. */
    public static class Valve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            String title = status >= 500 ? "Internal error" : "Bad Request";
            String detail = status >= 500 ? "The request could not be answered; the cause is in the service log"
                    : "The request was refused before it reached the service (e.g. an encoded slash or a malformed URI)";
            String uri = request.getRequestURI() == null ? "" : request.getRequestURI();
            String json = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                    + ",\"detail\":\"" + detail + "\",\"instance\":\"" + escape(uri) + "\"}";
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                response.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response cannot be written: nothing more to do.
            }
        }

        private static String escape(String text) {
            StringBuilder out = new StringBuilder();
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
    }
}
