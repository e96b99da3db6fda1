package org.issueledger.command.webhooks;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebhookConfig {

    @Bean
    WebhookTargets webhookTargets(WebhookSettings settings) {
        return new WebhookTargets(settings.allowPrivateTargets());
    }

    /**
     * Axon's default for event handlers is to log a failure and move on: an event would silently never be
     * enqueued. Propagating rolls the batch back with its token and retries it with back-off.
     */
    @Autowired
    void enqueueFailuresStopTheToken(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(WebhookEnqueuer.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
