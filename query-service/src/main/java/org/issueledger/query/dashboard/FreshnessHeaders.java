package org.issueledger.query.dashboard;

import java.util.function.BiConsumer;

import org.issueledger.query.consuming.Freshness;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Puts the freshness of a tabular answer into response headers, whatever the format: a CSV file has no
 * place for it in the body, and a JSON client can read it without parsing the body.
 */
@ControllerAdvice
public class FreshnessHeaders implements ResponseBodyAdvice<Object> {

    static final String LAST_GLOBAL_POSITION = "X-Last-Global-Position";
    static final String LAST_RECORDED_AT = "X-Last-Recorded-At";
    static final String LAST_APPLIED_AT = "X-Last-Applied-At";
    static final String PENDING_EVENTS = "X-Pending-Events";

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof TabularAnswer answer && answer.freshness() != null) {
            write(answer.freshness(), response.getHeaders()::set);
        }
        return body;
    }

    /**
     * The same headers for an answer written without a message converter (a streamed export). Always sent, empty
     * while unknown (nothing applied yet, consumer not assigned), like null in the JSON.
     */
    public static void write(Freshness freshness, BiConsumer<String, String> header) {
        header.accept(LAST_GLOBAL_POSITION, text(freshness.lastGlobalPosition()));
        header.accept(LAST_RECORDED_AT, text(freshness.lastRecordedAt()));
        header.accept(LAST_APPLIED_AT, text(freshness.lastAppliedAt()));
        header.accept(PENDING_EVENTS, text(freshness.pendingEvents()));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
