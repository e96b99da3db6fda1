package org.issueledger.command.assignment;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AssignmentConfig {

    /**
     * The thread the rule processor's commands run on: a command's unit of work and transaction must not nest in
     * the processor's, where a refusal would mark the processor's whole batch for rollback.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService assignmentCommandSender() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "assignment-commands");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Axon's default for event handlers is to log a failure and move on: a rule would silently not be applied.
     * Propagating rolls the batch back with its token and retries it with back-off.
     */
    @Autowired
    void ruleFailuresStopTheToken(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(AssignmentProcessor.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
