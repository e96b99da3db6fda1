package org.issueledger.query.dashboard;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.ContentNegotiationConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * CSV next to JSON: chosen by {@code Accept: text/csv}, or by {@code ?format=csv} for a browser link or a
 * spreadsheet's "import from URL", which cannot set headers.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsFormats implements WebMvcConfigurer {

    @Override
    public void configureContentNegotiation(ContentNegotiationConfigurer configurer) {
        configurer.favorParameter(true)
                .parameterName("format")
                .mediaType("csv", CsvConverter.TEXT_CSV)
                .mediaType("json", MediaType.APPLICATION_JSON);
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        // Last, not first: Spring picks the first converter that can write the answer when a client accepts
        // anything (Accept: */*, or no header), and that must stay JSON.
        builder.configureMessageConvertersList(converters -> converters.add(new CsvConverter()));
    }
}
