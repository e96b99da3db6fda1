package org.issueledger.query.dashboard;

import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.accept.ContentNegotiationStrategy;
import org.springframework.web.accept.HeaderContentNegotiationStrategy;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * CSV next to JSON: chosen by {@code Accept: text/csv}, or by {@code ?format=csv} for a browser link or a
 * spreadsheet's "import from URL", which cannot set headers.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsFormats implements WebMvcConfigurer {

    static final String PARAMETER = "format";
    static final List<String> FORMATS = List.of("csv", "json");

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.strategies(List.of(new FormatParameter(), new HeaderContentNegotiationStrategy()));
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        // Last, not first: Spring picks the first converter that can write the answer when a client accepts
        // anything (Accept: */*, or no header), and that must stay JSON.
        builder.configureMessageConvertersList(converters -> converters.add(new CsvConverter()));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new FormatCheck()).addPathPatterns("/api/**");
    }

    /**
     * {@code ?format=csv|json}. Any other value is no preference here, so that the 400 problem {@link FormatCheck}
     * raises about it can still be written: Spring's own parameter strategy would refuse the problem body too.
     */
    private static final class FormatParameter implements ContentNegotiationStrategy {

        @Override
        public List<MediaType> resolveMediaTypes(NativeWebRequest request) {
            String format = request.getParameter(PARAMETER);
            if ("csv".equals(format)) {
                return List.of(CsvConverter.TEXT_CSV);
            }
            if ("json".equals(format)) {
                return List.of(MediaType.APPLICATION_JSON);
            }
            return MEDIA_TYPE_ALL_LIST;
        }
    }

    /**
     * An unknown {@code format} is a bad parameter (400 naming it), not a silent JSON answer. An endpoint that takes
     * {@code format} as a parameter of its own (a file export) checks its own values.
     */
    private static final class FormatCheck implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            String format = request.getParameter(PARAMETER);
            if (format != null && !FORMATS.contains(format) && !readsFormatItself(handler)) {
                throw BadParameter.notOneOf(PARAMETER, format, FORMATS);
            }
            return true;
        }

        private static boolean readsFormatItself(Object handler) {
            return handler instanceof HandlerMethod method && Arrays.stream(method.getMethodParameters())
                    .map(parameter -> parameter.getParameterAnnotation(RequestParam.class))
                    .anyMatch(annotation -> annotation != null && PARAMETER.equals(annotation.name()));
        }
    }
}
