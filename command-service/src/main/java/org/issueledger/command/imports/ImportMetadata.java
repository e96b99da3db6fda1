package org.issueledger.command.imports;

import java.util.HashMap;
import java.util.Map;

import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What an imported command leaves on its events besides the usual origin (actor, correlation id,
 * source system): the source team at that moment — the contract has no team-change event, so the log's
 * own team travels as metadata — and which source event caused it, for an auditor comparing the issue
 * with the original log — and who ran the import ({@code importedBy}, the authenticated principal; the
 * actor stays the source log's, since the import records history, not a change made now). Live commands
 * carry none of these keys, so their events are unchanged.
 */
@Configuration(proxyBeanMethods = false)
class ImportMetadata {

    static final String TEAM = "team";
    static final String SOURCE_EVENT = "importedFrom";
    static final String IMPORTED_BY = "importedBy";

    @Bean
    CorrelationDataProvider importOrigin() {
        return message -> {
            Map<String, Object> data = new HashMap<>();
            for (String key : new String[] {TEAM, SOURCE_EVENT, IMPORTED_BY}) {
                Object value = message.getMetaData().get(key);
                if (value != null) {
                    data.put(key, value);
                }
            }
            return data;
        };
    }
}
