package org.issueledger.query.consuming;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KafkaSettings.class)
class ConsumingConfiguration {

    /** Projection lag for alerting; NaN while unknown so a dashboard shows a gap rather than a false zero. */
    @Bean
    MeterBinder consumerLagGauge(ConsumerState state) {
        return registry -> Gauge.builder("issueledger.consumer.pending.events",
                        state, s -> s.pendingEvents() == null ? Double.NaN : s.pendingEvents())
                .description("Records in the assigned partitions of issue-events not yet applied to the read models")
                .register(registry);
    }
}
