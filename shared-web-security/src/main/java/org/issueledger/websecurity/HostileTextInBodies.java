package org.issueledger.websecurity;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Every text of every request body, checked once it is read and before any controller sees it: no control
 * characters, no broken surrogates ({@link Text}). The answer names the field, as the other 400s do.
 * Done here rather than in the JSON mapper because the mapper also reads events (the command side's event
 * store, the query side's Kafka topic), which must stay readable whatever they hold.
 */
@ControllerAdvice
class HostileTextInBodies extends RequestBodyAdviceAdapter {

    private static final int MAX_DEPTH = 32;

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter,
                                Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        check(body, "", 0, new IdentityHashMap<>());
        return body;
    }

    private static void check(Object value, String path, int depth, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || depth > MAX_DEPTH || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof CharSequence text) {
            int refused = Text.firstRefused(text);
            if (refused >= 0) {
                String field = path.isEmpty() ? "body" : path;
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                        "Field '" + field + "' contains a control character or a broken surrogate ("
                                + Text.describe(text, refused) + ")");
                problem.setTitle("Malformed request body");
                problem.setProperty("field", field);
                throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> {
                check(key, path, depth + 1, seen);
                check(item, join(path, String.valueOf(key)), depth + 1, seen);
            });
        } else if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                check(item, path + "[" + i++ + "]", depth + 1, seen);
            }
        } else if (value instanceof Object[] items) {
            for (int i = 0; i < items.length; i++) {
                check(items[i], path + "[" + i + "]", depth + 1, seen);
            }
        } else if (value.getClass().isRecord()) {
            for (Component component : COMPONENTS.get(value.getClass())) {
                if (component.accessor() == null) {
                    continue; // an accessor we cannot call holds nothing we could check
                }
                try {
                    check(component.accessor().invoke(value), join(path, component.name()), depth + 1, seen);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    if (e instanceof ErrorResponseException refused) {
                        throw refused;
                    }
                    // An accessor we cannot call holds nothing we could check.
                }
            }
        }
    }

    /** A record component's name and its accessor, made accessible once (null when it cannot be). */
    private record Component(String name, Method accessor) {
    }

    /**
     * Each record type's components, looked up once: {@link Class#getRecordComponents()} builds new component
     * objects on every call, and making an accessor accessible is a security check each time — per request body.
     */
    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            List<Component> components = new ArrayList<>();
            for (RecordComponent component : type.getRecordComponents()) {
                Method accessor = component.getAccessor();
                try {
                    accessor.setAccessible(true);
                } catch (RuntimeException e) {
                    accessor = null;
                }
                components.add(new Component(component.getName(), accessor));
            }
            return List.copyOf(components);
        }
    };

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
